// Membership history: one row per stay of a contact in a segment. A contact can enter, leave
// (left_at set) and re-enter (a new row). At most one open row per (segment, contact), enforced
// by a partial unique index, so a retried evaluation never records a second entry. The row id
// is the entry id: segment-triggered journey runs are keyed by it (one entry → one run).
import { sql } from "drizzle-orm";
import { index, pgTable, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { segments } from "./segments";
import { workspaceIdColumn } from "./workspace-column";

export const segmentMemberships = pgTable(
  "segment_memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    segmentId: uuid("segment_id")
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp("left_at", { withTimezone: true }),
    /** Null until the journeys triggered by this entry were started (an outbox: a crash in between is retried). */
    runsStartedAt: timestamp("runs_started_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("segment_memberships_open_idx")
      .on(t.segmentId, t.contactId)
      .where(sql`${t.leftAt} IS NULL`),
    index("segment_memberships_contact_idx").on(t.contactId),
    index("segment_memberships_segment_entered_idx").on(t.segmentId, t.enteredAt),
    index("segment_memberships_runs_pending_idx")
      .on(t.enteredAt)
      .where(sql`${t.runsStartedAt} IS NULL`),
  ],
);
