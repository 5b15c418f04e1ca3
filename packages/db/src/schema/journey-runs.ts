// One contact's trip through one journey version; mirrors a `journeyRun` workflow.
import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { journeyVersions } from "./journey-versions";
import { journeys } from "./journeys";
import { workspaceIdColumn } from "./workspace-column";

export const runStatus = pgEnum("run_status", ["active", "completed", "exited", "failed"]);

export const journeyRuns = pgTable(
  "journey_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    journeyId: uuid("journey_id")
      .notNull()
      .references(() => journeys.id, { onDelete: "cascade" }),
    versionId: uuid("version_id")
      .notNull()
      .references(() => journeyVersions.id),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    /** Business key, e.g. `journey:<journeyId>:<contactId>:<entry>`; unique so a retried start is a no-op. */
    workflowId: text("workflow_id").notNull().unique(),
    triggerEventId: uuid("trigger_event_id"),
    /** The trigger's entry-key value (e.g. the cart id) when the journey has an entry key; re-entry rules apply per value. */
    entryKey: text("entry_key"),
    status: runStatus("status").notNull().default("active"),
    currentNodeId: text("current_node_id"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** Why the run ended (`goal`, `exit criterion "<event>"`, an exit request, `holdout`…); null while active or for plain completion. */
    endReason: text("end_reason"),
    /** When the run met its journey goal (a conversion); null otherwise. */
    convertedAt: timestamp("converted_at", { withTimezone: true }),
  },
  (t) => [
    index("journey_runs_journey_status_idx").on(t.journeyId, t.status),
    index("journey_runs_contact_idx").on(t.contactId),
    // The runs list pages a journey's runs newest first.
    index("journey_runs_journey_started_idx").on(t.journeyId, t.startedAt),
    // Live metrics count "waiting now" per node every second per open page: an index-only scan
    // over the journey's active runs instead of fetching each run's row.
    index("journey_runs_active_node_idx")
      .on(t.journeyId, t.versionId, t.currentNodeId)
      .where(sql`${t.status} = 'active'`),
  ],
);
