// The messageIds of stored events: the dedupe key of `events` across all time. `events` is
// partitioned by `received_at`, and Postgres only enforces a unique index that contains the
// partition key, so (workspace, messageId) cannot be unique on `events` itself. This small
// unpartitioned table holds that key instead; ingest inserts here and into `events` in one
// statement (queries/events.ts), so an event exists exactly when its row here does.
// Retention and erasure delete both together (docs/data-retention.md).
//
// The workspace has no foreign key here (migration 0038): a foreign key checks every inserted
// row (one lookup and share lock of the workspace row per event), and the `events` row written
// in the same statement already checks it — a key for a missing workspace fails that statement
// and is rolled back with it. The cascade the foreign key gave is a trigger on `workspaces`
// (`workspaces_forget_event_message_ids`): deleting a workspace deletes its keys.
//
// The key also holds the event's `seq`, so it leads to the event row (events' primary key is
// (seq, received_at)): a lookup by messageId is key → event, and `events` needs no index of its
// own on (workspace, messageId) — one random-order index per event instead of two.
import { bigint, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const eventMessageIds = pgTable(
  "event_message_ids",
  {
    /** Checked by the `events` row written with it, cascaded by a trigger (see above). */
    workspaceId: uuid("workspace_id").notNull(),
    messageId: text("message_id").notNull(),
    /** The event's `received_at`: which partition holds it, and when retention forgets it. */
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    /** The event's `seq` (null only for a key written before migration 0038 whose event was already gone). */
    seq: bigint("seq", { mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.messageId] }),
    index("event_message_ids_received_idx").on(t.workspaceId, t.receivedAt),
  ],
);
