// The shared HTTP flow of every ingest endpoint: authenticate, bound the body, parse JSON,
// hand the payload to the ingest service, map its errors to status codes. The 200 is sent
// only after the event's transaction committed.
import { authenticateApiKey, missingKeyMessage, readApiKeyFromHeader } from "../ingest/auth";
import { IngestTooLargeError, IngestValidationError } from "../ingest/errors";
import type { IngestOptions, IngestResult } from "../ingest/ingest";
import { MAX_EVENT_BYTES } from "../ingest/schemas";
import type { Db } from "@mailstream/db/client";
import { readBodyLimited } from "./body";
import { badRequest, errorResponse, jsonResponse, unauthorized, unavailable } from "./responses";

export type IngestFn = (db: Db, workspaceId: string, payload: unknown, options: IngestOptions) => Promise<IngestResult>;

function tooLarge(bytes: number): Response {
  return errorResponse(413, `The request body is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES} bytes (32 KB) per event.`);
}

export async function handleIngestRequest(req: Request, deps: { db: Db }, ingest: IngestFn): Promise<Response> {
  const receivedAt = new Date();
  try {
    // A header key is checked before the body is read: no reason to buffer 32 KB for a stranger.
    const headerKey = readApiKeyFromHeader(req.headers.get("authorization"));
    let workspaceId: string | null = null;
    if (headerKey) {
      const auth = await authenticateApiKey(deps.db, headerKey, "write-or-secret");
      if (!auth.ok) return unauthorized(auth.error);
      workspaceId = auth.workspaceId;
    }

    const body = await readBodyLimited(req, MAX_EVENT_BYTES);
    if (!body.ok) return tooLarge(body.bytes);
    let payload: unknown;
    try {
      payload = JSON.parse(body.text);
    } catch (error) {
      // Without a header key the key could only have been in the body, which is unreadable.
      if (!workspaceId) return unauthorized(missingKeyMessage("write-or-secret"));
      const reason = error instanceof Error ? error.message : String(error);
      return badRequest([{ path: "body", message: `The request body is not valid JSON: ${reason}` }]);
    }

    if (!workspaceId) {
      const bodyKey = typeof payload === "object" && payload !== null ? (payload as { writeKey?: unknown }).writeKey : undefined;
      const auth = await authenticateApiKey(deps.db, typeof bodyKey === "string" ? bodyKey : null, "write-or-secret");
      if (!auth.ok) return unauthorized(auth.error);
      workspaceId = auth.workspaceId;
    }

    await ingest(deps.db, workspaceId, payload, { receivedAt, rawBytes: body.bytes });
    return jsonResponse(200, { success: true });
  } catch (error) {
    if (error instanceof IngestValidationError) return badRequest(error.issues);
    if (error instanceof IngestTooLargeError) return tooLarge(error.bytes);
    console.error("[ingest] could not store an event", error);
    return unavailable();
  }
}
