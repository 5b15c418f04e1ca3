// The ingest service: validate a Segment payload, normalise it, and commit it to the
// events outbox (one insert + NOTIFY in one transaction). Framework-free: the HTTP
// handlers and the tRPC `ingest` router both call these functions.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { insertEventOnce, type NewEvent } from "@mailstream/db/queries/events";
import type { z } from "zod";
import { IngestTooLargeError, IngestValidationError, toIngestIssues } from "./errors";
import { MAX_EVENT_BYTES, ZIdentifyPayloadSchema, ZTrackPayloadSchema } from "./schemas";

export interface IngestOptions {
  /** When the server got the request; defaults to now. Used for clock-skew correction. */
  receivedAt?: Date;
  /** Size of the raw body when the caller already measured it (HTTP); else the JSON size is measured here. */
  rawBytes?: number;
}

export interface IngestResult {
  messageId: string;
  /** True when this workspace already had the messageId: accepted, stored once. */
  isDuplicate: boolean;
}

function assertSize(payload: unknown, rawBytes: number | undefined): void {
  const bytes = rawBytes ?? Buffer.byteLength(JSON.stringify(payload) ?? "", "utf8");
  if (bytes > MAX_EVENT_BYTES) throw new IngestTooLargeError(bytes, MAX_EVENT_BYTES);
}

function parseOrThrow<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (!result.success) throw new IngestValidationError(toIngestIssues(result.error));
  return result.data;
}

/**
 * Segment's clock-skew correction: the device clock may be wrong, but the gap between
 * `timestamp` and `sentAt` (both device time) is right, so anchor it to our `receivedAt`.
 */
export function resolveTimestamp(payload: { timestamp?: string; sentAt?: string }, receivedAt: Date): Date {
  if (!payload.timestamp) return receivedAt;
  const timestamp = new Date(payload.timestamp);
  if (!payload.sentAt) return timestamp;
  return new Date(receivedAt.getTime() - (new Date(payload.sentAt).getTime() - timestamp.getTime()));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

async function store(db: Db, row: NewEvent): Promise<IngestResult> {
  const { isDuplicate } = await insertEventOnce(db, row);
  return { messageId: row.messageId, isDuplicate };
}

/** Validates and commits a `track` call. Throws IngestValidationError / IngestTooLargeError on bad input. */
export async function ingestTrack(db: Db, workspaceId: string, payload: unknown, options: IngestOptions = {}): Promise<IngestResult> {
  assertSize(payload, options.rawBytes);
  const track = parseOrThrow(ZTrackPayloadSchema, payload);
  const receivedAt = options.receivedAt ?? new Date();
  return store(db, {
    workspaceId,
    messageId: track.messageId ?? `ms-${randomUUID()}`,
    type: "track",
    userId: track.userId ?? null,
    anonymousId: track.anonymousId ?? null,
    event: track.event,
    properties: track.properties,
    // Segment puts a track's user traits in context.traits; a top-level `traits` wins.
    traits: { ...asRecord(track.context.traits), ...track.traits },
    context: track.context,
    timestamp: resolveTimestamp(track, receivedAt),
    receivedAt,
  });
}

/** Validates and commits an `identify` call. The dispatcher applies the traits to the contact. */
export async function ingestIdentify(
  db: Db,
  workspaceId: string,
  payload: unknown,
  options: IngestOptions = {},
): Promise<IngestResult> {
  assertSize(payload, options.rawBytes);
  const identify = parseOrThrow(ZIdentifyPayloadSchema, payload);
  const receivedAt = options.receivedAt ?? new Date();
  return store(db, {
    workspaceId,
    messageId: identify.messageId ?? `ms-${randomUUID()}`,
    type: "identify",
    userId: identify.userId ?? null,
    anonymousId: identify.anonymousId ?? null,
    event: null,
    properties: {},
    traits: identify.traits,
    context: identify.context,
    timestamp: resolveTimestamp(identify, receivedAt),
    receivedAt,
  });
}
