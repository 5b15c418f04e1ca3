// Segment's batch call: `{ batch: [event, …], sentAt?, context?, writeKey? }`.
//
// Semantics, chosen to be ATOMIC: every event is validated first; if any is bad the whole
// batch is refused with one 400 listing each failing index and its problem
// (`batch.3.event: event is required`) and NOTHING is stored — a client can fix and resend
// the whole batch with the same messageIds without worrying which half landed. A good batch
// is stored in ONE statement (one multi-row INSERT … ON CONFLICT DO NOTHING plus one NOTIFY
// per workspace), so it is committed entirely or not at all; repeated messageIds, inside the
// batch or from earlier requests, are accepted and stored once. An event breaking its event
// schema in a `reject` workspace fails the whole batch the same way
// (`batch.3.properties.total`); in a `flag` workspace it is stored with its problems.
import type { Db } from "@mailstream/db/client";
import type { NewEvent } from "@mailstream/db/queries/events";
import { IngestTooLargeError, IngestValidationError, toIngestIssues, type IngestIssue } from "./errors";
import { enforceEventSchemas } from "./event-schema-enforce";
import { normalizeEvent, type IngestOptions } from "./ingest";
import { storeEvents } from "./store-events";
import { findUnstorable, joinPath } from "./storable";
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES, ZBatchEnvelopeSchema, type EventType } from "./schemas";

const EVENT_TYPES: readonly EventType[] = ["track", "identify", "page", "screen", "group", "alias"];

/** A refused batch lists this many problems at most: enough to fix it, bounded for 10,000 bad events. */
export const MAX_BATCH_ISSUES = 100;

export interface BatchResult {
  accepted: number;
  duplicates: number;
}

function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && (EVENT_TYPES as readonly string[]).includes(value);
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * An upper bound of `Buffer.byteLength(JSON.stringify(value))` for parsed JSON, stopping once
 * it passes `budget`: a string's code unit is at most 6 bytes (a `\uXXXX` escape; a UTF-8 BMP
 * character is 3), a number at most 25 characters, quotes, colons and commas counted.
 */
export function jsonBytesUpperBound(value: unknown, budget: number): number {
  if (typeof value === "string") return value.length * 6 + 2;
  if (typeof value !== "object" || value === null) return 25;
  let bytes = 2;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      bytes += jsonBytesUpperBound(item, budget - bytes) + 1;
      if (bytes > budget) return bytes;
    }
    return bytes;
  }
  for (const key in value) {
    bytes += key.length * 6 + 4 + jsonBytesUpperBound((value as Record<string, unknown>)[key], budget - bytes);
    if (bytes > budget) return bytes;
  }
  return bytes;
}

/** Validates every event of a batch; returns the rows, or throws naming every bad index. */
export function normalizeBatch(workspaceId: string, payload: unknown, options: IngestOptions = {}): NewEvent[] {
  const envelope = ZBatchEnvelopeSchema.safeParse(payload);
  if (!envelope.success) throw new IngestValidationError(toIngestIssues(envelope.error));
  const { batch, sentAt, context } = envelope.data;
  const receivedAt = options.receivedAt ?? new Date();
  const rows: NewEvent[] = [];
  // The batch's context becomes part of every event (level 2, as an event's own context).
  const issues: IngestIssue[] = findUnstorable(context, "context", 2);
  batch.forEach((item, index) => {
    const prefix = `batch.${index}`;
    const event = asRecord(item);
    if (!event) return issues.push({ path: prefix, message: "each batch item must be a JSON object" });
    // Before the size bound below, which recurses: a nest 100,000 deep must not reach it.
    const unstorable = findUnstorable(event);
    if (unstorable.length > 0)
      return issues.push(...unstorable.map((issue) => ({ ...issue, path: joinPath(prefix, issue.path) })));
    if (!isEventType(event.type)) {
      return issues.push({ path: `${prefix}.type`, message: `type must be one of ${EVENT_TYPES.join(", ")}` });
    }
    // Most events are far below the limit: a cheap upper bound proves it; only an event whose
    // bound passes the limit is serialized to measure its exact size.
    const bound = jsonBytesUpperBound(event, MAX_EVENT_BYTES);
    const bytes = bound <= MAX_EVENT_BYTES ? bound : Buffer.byteLength(JSON.stringify(event), "utf8");
    if (bytes > MAX_EVENT_BYTES) {
      return issues.push({
        path: prefix,
        message: `the event is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES} bytes (32 KB) per event`,
      });
    }
    // The batch's context is the default for each event's own (analytics.js sends library info there).
    const merged =
      Object.keys(context).length > 0
        ? { ...event, context: { ...context, ...(asRecord(event.context) ?? {}) } }
        : event;
    try {
      rows.push(
        normalizeEvent(workspaceId, event.type, merged, {
          receivedAt,
          rawBytes: bytes,
          batchSentAt: sentAt,
          isStorableChecked: true,
        }),
      );
    } catch (error) {
      if (error instanceof IngestValidationError) {
        issues.push(...error.issues.map((issue) => ({ path: joinPath(prefix, issue.path), message: issue.message })));
      } else if (error instanceof IngestTooLargeError) {
        issues.push({ path: prefix, message: error.message });
      } else throw error;
    }
  });
  if (issues.length > MAX_BATCH_ISSUES) {
    const more = issues.length - MAX_BATCH_ISSUES;
    issues.splice(MAX_BATCH_ISSUES, more, { path: "batch", message: `${more} more problems not listed` });
  }
  if (issues.length > 0) throw new IngestValidationError(issues);
  return rows;
}

/** Validates and stores a whole batch atomically (see the module comment). */
export async function ingestBatch(
  db: Db,
  workspaceId: string,
  payload: unknown,
  options: IngestOptions = {},
): Promise<BatchResult> {
  const rows = normalizeBatch(workspaceId, payload, options);
  // rows[i] is batch[i]: normalizeBatch throws before returning if any item was bad.
  const violations = await enforceEventSchemas(db, workspaceId, rows, (index) => `batch.${index}`);
  const inserted = await storeEvents(db, rows, violations);
  return { accepted: rows.length, duplicates: rows.length - inserted.size };
}

/** A batch that arrived already parsed (tRPC): HTTP bounds the raw body, here the parsed input is measured. */
export function ingestParsedBatch(db: Db, workspaceId: string, payload: unknown): Promise<BatchResult> {
  const bytes = serializedBytes(payload);
  if (bytes > MAX_BATCH_BYTES) throw new IngestTooLargeError(bytes, MAX_BATCH_BYTES, "batch");
  return ingestBatch(db, workspaceId, payload);
}

/** JSON size of a parsed input; 0 when it cannot be serialized (normalizeBatch names the value at fault). */
function serializedBytes(payload: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? "", "utf8");
  } catch {
    return 0; // a BigInt (TypeError) or a nest too deep for the stack (RangeError)
  }
}
