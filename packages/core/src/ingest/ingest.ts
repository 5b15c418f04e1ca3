// The ingest service: validate a Segment payload, normalise it into an events-outbox row, and
// commit it. Single events go through the group committer (many concurrent requests share
// one INSERT + NOTIFY); a batch is one statement of its own. Framework-free: the HTTP
// handlers and the tRPC `ingest` router both call these functions.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import type { NewEvent } from "@mailstream/db/queries/events";
import type { z } from "zod";
import { IngestTooLargeError, IngestValidationError, toIngestIssues } from "./errors";
import { enforceEventSchemas } from "./event-schema-enforce";
import { commitEvent } from "./group-commit";
import { findUnstorable, isStorableDate } from "./storable";
import {
  MAX_EVENT_BYTES,
  ZAliasPayloadSchema,
  ZGroupPayloadSchema,
  ZIdentifyPayloadSchema,
  ZPagePayloadSchema,
  ZScreenPayloadSchema,
  ZTrackPayloadSchema,
  type EventType,
} from "./schemas";

export interface IngestOptions {
  /** When the server got the request; defaults to now. Used for clock-skew correction. */
  receivedAt?: Date;
  /** Size of the raw body when the caller already measured it (HTTP) or bounded it from above (batch items); else the JSON size is measured here. */
  rawBytes?: number;
  /** A batch's own `sentAt`: its events' device clock is corrected with it when they carry none. */
  batchSentAt?: string;
  /** The caller already ran findUnstorable over this payload (a batch checks each item first). */
  isStorableChecked?: boolean;
}

export interface IngestResult {
  messageId: string;
  /** True when this workspace already had the messageId: accepted, stored once. */
  isDuplicate: boolean;
}

export function assertSize(payload: unknown, rawBytes: number | undefined): void {
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

type Common = {
  messageId?: string;
  userId?: string;
  anonymousId?: string;
  context: Record<string, unknown>;
  timestamp?: string;
  sentAt?: string;
};

function baseRow(workspaceId: string, type: EventType, common: Common, options: IngestOptions) {
  const receivedAt = options.receivedAt ?? new Date();
  const sentAt = common.sentAt ?? options.batchSentAt;
  const timestamp = resolveTimestamp({ timestamp: common.timestamp, sentAt }, receivedAt);
  if (!isStorableDate(timestamp)) {
    // Each date is in range on its own (schemas.ts), so the clock-skew correction moved the event out.
    const whose = common.sentAt ? "sentAt" : "the batch's sentAt";
    throw new IngestValidationError([
      {
        path: common.sentAt ? "sentAt" : "timestamp",
        message: `corrected with ${whose} (receivedAt − (sentAt − timestamp)), the time falls outside the years 1–9999`,
      },
    ]);
  }
  return {
    workspaceId,
    messageId: common.messageId ?? `ms-${randomUUID()}`,
    type,
    userId: common.userId ?? null,
    anonymousId: common.anonymousId ?? null,
    context: common.context,
    timestamp,
    receivedAt,
  };
}

/**
 * Validates one payload of the given type and returns the row to store. Throws
 * IngestValidationError / IngestTooLargeError on bad input. How each type maps onto the
 * outbox columns: page/screen keep `name` in `event`; group keeps `groupId` in properties
 * and the group's traits in `traits`; alias keeps `previousId` in properties.
 */
export function normalizeEvent(
  workspaceId: string,
  type: EventType,
  payload: unknown,
  options: IngestOptions = {},
): NewEvent {
  // First: the size check below serializes the payload, which a BigInt or a deep nest would break.
  const unstorable = options.isStorableChecked ? [] : findUnstorable(payload);
  if (unstorable.length > 0) throw new IngestValidationError(unstorable);
  assertSize(payload, options.rawBytes);
  switch (type) {
    case "track": {
      const track = parseOrThrow(ZTrackPayloadSchema, payload);
      // Segment puts a track's user traits in context.traits; a top-level `traits` wins.
      const traits = { ...asRecord(track.context.traits), ...track.traits };
      return {
        ...baseRow(workspaceId, type, track, options),
        event: track.event,
        properties: track.properties,
        traits,
      };
    }
    case "identify": {
      const identify = parseOrThrow(ZIdentifyPayloadSchema, payload);
      return { ...baseRow(workspaceId, type, identify, options), event: null, properties: {}, traits: identify.traits };
    }
    case "page":
    case "screen": {
      const view = parseOrThrow(type === "page" ? ZPagePayloadSchema : ZScreenPayloadSchema, payload);
      const properties = view.category ? { category: view.category, ...view.properties } : view.properties;
      const traits = asRecord(view.context.traits);
      return { ...baseRow(workspaceId, type, view, options), event: view.name ?? null, properties, traits };
    }
    case "group": {
      const group = parseOrThrow(ZGroupPayloadSchema, payload);
      return {
        ...baseRow(workspaceId, type, group, options),
        event: null,
        properties: { groupId: group.groupId },
        traits: group.traits,
      };
    }
    case "alias": {
      const alias = parseOrThrow(ZAliasPayloadSchema, payload);
      const row = baseRow(workspaceId, type, { ...alias, anonymousId: undefined }, options);
      return { ...row, event: null, properties: { previousId: alias.previousId }, traits: {} };
    }
  }
}

/** Validates and commits one event of `type`; resolves only after its transaction committed. */
export async function ingestEvent(
  db: Db,
  workspaceId: string,
  type: EventType,
  payload: unknown,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const row = normalizeEvent(workspaceId, type, payload, options);
  const [violation] = await enforceEventSchemas(db, workspaceId, [row]);
  return commitEvent(db, row, violation);
}

export function ingestTrack(
  db: Db,
  workspaceId: string,
  payload: unknown,
  options: IngestOptions = {},
): Promise<IngestResult> {
  return ingestEvent(db, workspaceId, "track", payload, options);
}

/** Validates and commits an `identify` call. The dispatcher applies the traits to the contact. */
export function ingestIdentify(
  db: Db,
  workspaceId: string,
  payload: unknown,
  options: IngestOptions = {},
): Promise<IngestResult> {
  return ingestEvent(db, workspaceId, "identify", payload, options);
}
