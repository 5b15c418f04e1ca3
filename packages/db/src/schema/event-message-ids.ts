// The messageIds of stored events: the dedupe key of `events` across all time. `events` is
// partitioned by `received_at`, and Postgres only enforces a unique index that contains the
// partition key, so (workspace, messageId) cannot be unique on `events` itself. This small
// unpartitioned table holds that key instead; ingest inserts here and into `events` in one
// statement (queries/events.ts), so an event exists exactly when its row here does.
// Retention and erasure delete both together (docs/data-retention.md).
import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

export const eventMessageIds = pgTable(
  "event_message_ids",
  {
    workspaceId: workspaceIdColumn(),
    messageId: text("message_id").notNull(),
    /** The event's `received_at`: which partition holds it, and when retention forgets it. */
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.messageId] }),
    index("event_message_ids_received_idx").on(t.workspaceId, t.receivedAt),
  ],
);
