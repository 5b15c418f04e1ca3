// Ingest over HTTP against the real test database: auth schemes, validation errors,
// size limit, deduplication, and that a refused request writes nothing.
import { randomUUID } from "node:crypto";
import { createDb } from "@mailstream/db/client";
import { findEventByMessageId, findRecentEvents } from "@mailstream/db/queries/events";
import { listApiKeys, revokeApiKey } from "@mailstream/db/queries/api-keys";
import { contacts } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  basicAuth,
  createWorkspaceWithKeys,
  postJson,
  type WorkspaceFixture,
} from "@mailstream/testing/workspace-fixtures";
import { handleContactSection } from "./contacts";
import { handleIdentify } from "./identify";
import { handleTrack } from "./track";

const { db } = createDb(testEnv().databaseUrl);
let ws: WorkspaceFixture;

beforeAll(async () => {
  ws = await createWorkspaceWithKeys(db);
});

function track(body: unknown, headers: Record<string, string>) {
  return handleTrack(postJson("/api/v1/track", body, headers), { db });
}

async function eventCount(workspaceId: string): Promise<number> {
  return (await findRecentEvents(db, workspaceId, { limit: 1000 })).length;
}

describe("POST /api/v1/track", () => {
  it("accepts the write key as HTTP Basic user name and stores the event", async () => {
    const messageId = `m-${randomUUID()}`;
    const res = await track(
      {
        userId: "u-basic",
        event: "signed_up",
        properties: { plan: "pro" },
        context: { traits: { email: "u-basic@mailstream.test" } },
        messageId,
      },
      { authorization: basicAuth(ws.writeKey) },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    const stored = await findEventByMessageId(db, ws.workspaceId, messageId);
    expect(stored).toMatchObject({
      type: "track",
      userId: "u-basic",
      event: "signed_up",
      properties: { plan: "pro" },
      traits: { email: "u-basic@mailstream.test" },
      dispatchedAt: null,
    });
  });

  it("accepts Bearer auth, a secret key, and a writeKey in the body (analytics.js)", async () => {
    for (const [headers, extra] of [
      [{ authorization: `Bearer ${ws.writeKey}` }, {}],
      [{ authorization: `Bearer ${ws.secretKey}` }, {}],
      [{}, { writeKey: ws.writeKey }],
    ] as const) {
      const messageId = `m-${randomUUID()}`;
      const res = await track({ anonymousId: "anon-1", event: "page_viewed", messageId, ...extra }, headers);
      expect(res.status).toBe(200);
      expect(await findEventByMessageId(db, ws.workspaceId, messageId)).not.toBeNull();
    }
  });

  it("generates a messageId when none is sent", async () => {
    const other = await createWorkspaceWithKeys(db);
    const res = await track({ userId: "u-gen", event: "x" }, { authorization: basicAuth(other.writeKey) });
    expect(res.status).toBe(200);
    const [event] = await findRecentEvents(db, other.workspaceId, { limit: 5 });
    expect(event?.messageId).toMatch(/^ms-[0-9a-f-]{36}$/);
  });

  it("refuses a missing, unknown or revoked key with 401 and stores nothing", async () => {
    const other = await createWorkspaceWithKeys(db);
    const body = { userId: "u-401", event: "signed_up" };
    const missing = await track(body, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ success: false, error: expect.stringContaining("Missing API key") });
    const unknown = await track(body, { authorization: basicAuth("ms_wk_notakey") });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ success: false, error: "Unknown or revoked API key." });

    const keys = await listApiKeys(db, other.workspaceId);
    const writeKeyRow = keys.find((key) => key.kind === "write");
    expect(await revokeApiKey(db, other.workspaceId, writeKeyRow!.id)).toBe(true);
    const revoked = await track(body, { authorization: basicAuth(other.writeKey) });
    expect(revoked.status).toBe(401);
    expect(await eventCount(other.workspaceId)).toBe(0);
  });

  it("names every problem in a 400: missing identity and event, bad types", async () => {
    const before = await eventCount(ws.workspaceId);
    const res = await track({ properties: [1, 2], timestamp: "yesterday" }, { authorization: basicAuth(ws.writeKey) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { success: boolean; errors: { path: string; message: string }[] };
    expect(body.success).toBe(false);
    const byPath = Object.fromEntries(body.errors.map((error) => [error.path, error.message]));
    expect(byPath).toMatchObject({
      userId: "userId or anonymousId is required",
      anonymousId: "userId or anonymousId is required",
      event: "event is required",
      properties: "properties must be a JSON object",
      timestamp: expect.stringContaining("ISO 8601"),
    });
    expect(await eventCount(ws.workspaceId)).toBe(before);
  });

  it("answers invalid JSON with a 400 that says so", async () => {
    const res = await track("{ not json", { authorization: basicAuth(ws.writeKey) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(body.errors[0]).toMatchObject({ path: "body", message: expect.stringContaining("not valid JSON") });
  });

  it("rejects a body over 32 KB with 413 before parsing it", async () => {
    const before = await eventCount(ws.workspaceId);
    const big = { userId: "u-big", event: "big", properties: { blob: "x".repeat(33 * 1024) } };
    const res = await track(big, { authorization: basicAuth(ws.writeKey) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ success: false, error: expect.stringContaining("32 KB") });
    // Just under the limit is fine.
    const ok = await track(
      { userId: "u-big", event: "big", properties: { blob: "x".repeat(31 * 1024) } },
      { authorization: basicAuth(ws.writeKey) },
    );
    expect(ok.status).toBe(200);
    expect(await eventCount(ws.workspaceId)).toBe(before + 1);
  });

  it("accepts a repeated messageId and stores it once", async () => {
    const other = await createWorkspaceWithKeys(db);
    const payload = { userId: "u-dup", event: "signed_up", messageId: "dup-1", properties: { n: 1 } };
    const first = await track(payload, { authorization: basicAuth(other.writeKey) });
    const second = await track({ ...payload, properties: { n: 2 } }, { authorization: basicAuth(other.writeKey) });
    expect([first.status, second.status]).toEqual([200, 200]);
    const events = await findRecentEvents(db, other.workspaceId, { limit: 10 });
    expect(events).toHaveLength(1);
    expect(events[0]?.properties).toEqual({ n: 1 });
    // The same messageId in another workspace is a different event.
    expect((await track(payload, { authorization: basicAuth(ws.writeKey) })).status).toBe(200);
    expect(await findEventByMessageId(db, ws.workspaceId, "dup-1")).not.toBeNull();
  });

  it("corrects the device clock with sentAt (Segment's skew correction)", async () => {
    const messageId = `m-${randomUUID()}`;
    // The device thinks it is 2001; it sent the event 10 s after it happened.
    const res = await track(
      {
        userId: "u-skew",
        event: "x",
        messageId,
        timestamp: "2001-01-01T00:00:00.000Z",
        sentAt: "2001-01-01T00:00:10.000Z",
      },
      { authorization: basicAuth(ws.writeKey) },
    );
    expect(res.status).toBe(200);
    const stored = await findEventByMessageId(db, ws.workspaceId, messageId);
    expect(stored!.receivedAt.getTime() - stored!.timestamp.getTime()).toBe(10_000);
  });

  it("does not write contacts at ingest (the dispatcher does)", async () => {
    const other = await createWorkspaceWithKeys(db);
    await track({ userId: "u-nocontact", event: "x" }, { authorization: basicAuth(other.writeKey) });
    const rows = await db.select().from(contacts).where(eq(contacts.workspaceId, other.workspaceId));
    expect(rows).toHaveLength(0);
  });
});

describe("POST /api/v1/identify", () => {
  it("stores traits and refuses a track-only payload shape", async () => {
    const messageId = `m-${randomUUID()}`;
    const ok = await handleIdentify(
      postJson(
        "/api/v1/identify",
        { userId: "u-id", traits: { email: "u-id@mailstream.test", first_name: "Ada" }, messageId },
        { authorization: basicAuth(ws.writeKey) },
      ),
      { db },
    );
    expect(ok.status).toBe(200);
    expect(await findEventByMessageId(db, ws.workspaceId, messageId)).toMatchObject({
      type: "identify",
      traits: { first_name: "Ada" },
    });

    const wrongType = await handleIdentify(
      postJson("/api/v1/identify", { type: "track", userId: "u-id" }, { authorization: basicAuth(ws.writeKey) }),
      { db },
    );
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({
      errors: [{ path: "type", message: 'type must be "identify" on this endpoint' }],
    });
  });
});

describe("GET /api/v1/contacts/{userId}/messages", () => {
  const get = (key: string | null, userId: string) =>
    handleContactSection(
      new Request(`http://127.0.0.1/api/v1/contacts/${encodeURIComponent(userId)}/messages`, {
        headers: key ? { authorization: `Bearer ${key}` } : {},
      }),
      { db },
      { userId },
      "messages",
    );

  it("refuses a write key and a missing key with 401", async () => {
    const withWriteKey = await get(ws.writeKey, "anyone");
    expect(withWriteKey.status).toBe(401);
    expect(await withWriteKey.json()).toMatchObject({ success: false, error: expect.stringContaining("secret key") });
    expect((await get(null, "anyone")).status).toBe(401);
  });

  it("answers 404 for an unknown contact with the secret key", async () => {
    const res = await get(ws.secretKey, "nobody-here");
    expect(res.status).toBe(404);
  });
});
