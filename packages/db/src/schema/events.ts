// Accepted events: the ingest outbox. A row is committed before the client gets its 200;
// the dispatcher claims rows with `dispatched_at IS NULL` in `seq` order.
import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

export const eventType = pgEnum("event_type", ["track", "identify", "page", "screen", "group", "alias"]);

export const events = pgTable(
  "events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    id: uuid("id").notNull().unique().defaultRandom(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    /** Segment's messageId: a repeat is accepted and stored once. */
    messageId: text("message_id").notNull(),
    type: eventType("type").notNull(),
    userId: text("user_id"),
    anonymousId: text("anonymous_id"),
    event: text("event"),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    traits: jsonb("traits").$type<Record<string, unknown>>().notNull().default({}),
    context: jsonb("context").$type<Record<string, unknown>>().notNull().default({}),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("events_workspace_message_idx").on(t.workspaceId, t.messageId),
    index("events_undispatched_idx").on(t.seq).where(sql`${t.dispatchedAt} IS NULL`),
    index("events_workspace_user_idx").on(t.workspaceId, t.userId, t.timestamp),
  ],
);
