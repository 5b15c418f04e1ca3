// Sending events the way a developer's backend does: HTTP to the Segment-compatible
// ingest API, authenticated with the workspace write key as the Basic user name.
import { expect, type APIRequestContext } from "@playwright/test";

export function writeKey(): string {
  const key = process.env.MAILSTREAM_WRITE_KEY;
  if (!key) throw new Error("MAILSTREAM_WRITE_KEY is not set; the e2e global setup provides it");
  return key;
}

export interface TrackEvent {
  userId: string;
  event: string;
  properties?: Record<string, unknown>;
}

export async function sendTrackEvent(request: APIRequestContext, baseURL: string, body: TrackEvent): Promise<void> {
  const response = await request.post(new URL("/api/v1/track", baseURL).toString(), {
    headers: { Authorization: `Basic ${Buffer.from(`${writeKey()}:`).toString("base64")}` },
    data: { ...body, messageId: crypto.randomUUID() },
  });
  expect(response.status(), `track should be accepted: ${await response.text()}`).toBe(200);
}

/** A short random suffix for names this test run owns. */
export function randomSuffix(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 10);
}
