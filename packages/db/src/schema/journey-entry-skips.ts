// Trigger events that matched a journey but did not start a run, and why (re-entry policy,
// cooldown, missing entry key, journey paused). One row per (journey, event) so a retried
// dispatch records a skip once; the metrics and runs pages count them by reason.
import { bigserial, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { journeys } from "./journeys";
import { workspaceIdColumn } from "./workspace-column";

export const journeyEntrySkips = pgTable(
  "journey_entry_skips",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: workspaceIdColumn(),
    journeyId: uuid("journey_id")
      .notNull()
      .references(() => journeys.id, { onDelete: "cascade" }),
    /** The live version whose entry rules decided; null when the journey was not live. */
    versionId: uuid("version_id"),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    /** The trigger event (no foreign key: events may be pruned while the count stays). */
    eventId: uuid("event_id").notNull(),
    /** `once`, `once_at_a_time`, `cooldown`, `missing_entry_key`, `journey_paused`. */
    reason: text("reason").notNull(),
    /** The entry-key value the rule was applied to, when the journey has an entry key. */
    entryKey: text("entry_key"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("journey_entry_skips_journey_event_idx").on(t.journeyId, t.eventId),
    index("journey_entry_skips_contact_idx").on(t.contactId),
  ],
);
