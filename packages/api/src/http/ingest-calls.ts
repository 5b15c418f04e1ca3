// The Segment-compatible ingest endpoints, one table: the call's name (its path under /v1/ and
// /api/v1/), the ingest service it runs and its body limit. The Next routes (track.ts & co.)
// and the web process's plain listener (ingest-listener.ts) both serve from it.
import { ingestEvent, ingestIdentify, ingestTrack } from "@mailstream/core/ingest/ingest";
import { ingestBatch } from "@mailstream/core/ingest/ingest-batch";
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES, type EventType } from "@mailstream/core/ingest/schemas";
import type { IngestCall } from "./ingest-handler";

function eventCall(type: EventType): IngestCall {
  return {
    ingest: (db, workspaceId, payload, options) => ingestEvent(db, workspaceId, type, payload, options),
    limit: MAX_EVENT_BYTES,
  };
}

export const INGEST_CALLS = {
  track: { ingest: ingestTrack, limit: MAX_EVENT_BYTES },
  identify: { ingest: ingestIdentify, limit: MAX_EVENT_BYTES },
  page: eventCall("page"),
  screen: eventCall("screen"),
  group: eventCall("group"),
  alias: eventCall("alias"),
  // Where Segment's server libraries send everything; atomic (ingest/ingest-batch.ts).
  batch: { ingest: ingestBatch, limit: MAX_BATCH_BYTES },
} as const satisfies Record<string, IngestCall>;

export type IngestCallName = keyof typeof INGEST_CALLS;

/** The call a path names (`/v1/track`, `/api/v1/batch`; no trailing slash, no query), or null. */
export function ingestCallOf(pathname: string): IngestCall | null {
  const match = /^(?:\/api)?\/v1\/([a-z]+)$/.exec(pathname);
  const name = match?.[1];
  return name !== undefined && Object.hasOwn(INGEST_CALLS, name) ? INGEST_CALLS[name as IngestCallName] : null;
}
