// Accepted events: the ingest outbox. A row is committed before the client gets its 200;
// the dispatcher claims rows with `dispatched_at IS NULL` (and not parked), each workspace's in `seq` order.
// Partitioned by month of `received_at` (migration 0028, docs/data-retention.md): the primary
// key carries the partition key, and messageId uniqueness lives in `event_message_ids`, whose
// row points at the event by seq (migration 0038).
import { sql } from "drizzle-orm";
import {
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

/** Postgres `xid8` (a 64-bit transaction id), read as its decimal text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

export const eventType = pgEnum("event_type", ["track", "identify", "page", "screen", "group", "alias"]);

export const events = pgTable(
  "events",
  {
    seq: bigserial("seq", { mode: "number" }).notNull(),
    /** Random, so unique in practice; not enforced (a unique index would need `received_at`). */
    id: uuid("id").notNull().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    /**
     * Segment's messageId: a repeat is accepted and stored once (enforced by `event_message_ids`,
     * which is also the way to find an event by it: no index here).
     */
    messageId: text("message_id").notNull(),
    type: eventType("type").notNull(),
    userId: text("user_id"),
    anonymousId: text("anonymous_id"),
    event: text("event"),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    traits: jsonb("traits").$type<Record<string, unknown>>().notNull().default({}),
    context: jsonb("context").$type<Record<string, unknown>>().notNull().default({}),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull(),
    /** Our clock, never the client's: the partition key, so a hostile `timestamp` cannot pick a partition. */
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
    /**
     * The inserting transaction. `seq` order is not commit order (a seq is taken at insert,
     * the row becomes visible at commit), so "which events did this history read see" is
     * answered by the read's snapshot: pg_visible_in_snapshot(insert_xid, snapshot).
     */
    insertXid: xid8("insert_xid")
      .notNull()
      .default(sql`pg_current_xact_id()`),
    /** Failed dispatch attempts that were not infrastructure outages (see packages/core/src/dispatch/poison.ts). */
    dispatchAttempts: integer("dispatch_attempts").notNull().default(0),
    dispatchError: text("dispatch_error"),
    /** Set after too many failed attempts: the event is skipped so its contact's later events proceed. */
    parkedAt: timestamp("parked_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.seq, t.receivedAt] }),
    // The dispatcher's fair claim walks this per workspace (claimUndispatchedEvents in queries/events.ts):
    // which workspaces have a backlog, and each one's oldest events, without scanning the backlog.
    index("events_undispatched_workspace_idx")
      .on(t.workspaceId, t.seq)
      .where(sql`${t.dispatchedAt} IS NULL AND ${t.parkedAt} IS NULL`),
    index("events_parked_idx")
      .on(t.workspaceId, t.parkedAt)
      .where(sql`${t.parkedAt} IS NOT NULL`),
    index("events_workspace_user_idx").on(t.workspaceId, t.userId, t.timestamp),
  ],
);
