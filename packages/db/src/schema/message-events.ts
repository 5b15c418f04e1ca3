// What happened to a message after it left: delivered, opened, clicked, bounced…
// Partitioned by month of `occurred_at` (migration 0028); the dedupe key is unique in
// `message_event_keys`, since a unique index here would have to include `occurred_at`.
import { bigserial, index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { messages } from "./messages";
import { workspaceIdColumn } from "./workspace-column";

export const messageEventType = pgEnum("message_event_type", [
  "sent",
  "delivered",
  "delivery_delayed",
  "opened",
  "clicked",
  "bounced",
  "complained",
  "unsubscribed",
]);

export const messageEvents = pgTable(
  "message_events",
  {
    id: bigserial("id", { mode: "number" }).notNull(),
    workspaceId: workspaceIdColumn(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    type: messageEventType("type").notNull(),
    /** Provider event id or similar; a replayed webhook inserts nothing (unique in `message_event_keys`). */
    dedupeKey: text("dedupe_key").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.occurredAt] }),
    index("message_events_message_idx").on(t.messageId),
    index("message_events_ws_time_idx").on(t.workspaceId, t.occurredAt),
  ],
);
