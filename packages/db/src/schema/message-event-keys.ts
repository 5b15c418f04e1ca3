// The dedupe keys of message events (a provider's event id, our tracking key…): unique across
// all time. `message_events` is partitioned by `occurred_at`, so the key cannot be unique
// there (see event-message-ids.ts for the same rule); it is unique here, inserted in the same
// statement as the event (queries/message-events.ts). Deleting the message deletes its keys.
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { messages } from "./messages";
import { workspaceIdColumn } from "./workspace-column";

export const messageEventKeys = pgTable(
  "message_event_keys",
  {
    dedupeKey: text("dedupe_key").primaryKey(),
    workspaceId: workspaceIdColumn(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    /** The event's `occurred_at`: when retention forgets the key with the event. */
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("message_event_keys_message_idx").on(t.messageId),
    index("message_event_keys_ws_time_idx").on(t.workspaceId, t.occurredAt),
  ],
);
