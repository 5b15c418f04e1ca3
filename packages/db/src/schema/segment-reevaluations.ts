// Contacts whose segment membership must be re-checked for a reason no ingested event carries:
// an email open/click, a hand edit of traits, a contact just created (a "never did X" segment
// holds at once). Filled by triggers in the same transaction as the change (see migration
// 0015), drained by the dispatcher (packages/core/src/segments/reevaluation-queue.ts).
import { index, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { workspaceIdColumn } from "./workspace-column";

export const segmentReevaluations = pgTable(
  "segment_reevaluations",
  {
    contactId: uuid("contact_id")
      .primaryKey()
      .references(() => contacts.id, { onDelete: "cascade" }),
    workspaceId: workspaceIdColumn(),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("segment_reevaluations_queued_idx").on(t.queuedAt)],
);
