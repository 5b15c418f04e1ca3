// GDPR/CCPA erasure log: proof that a contact was erased, holding no personal data —
// a salted hash of the contact id (not the userId or email), the row counts and who asked.
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

export const erasures = pgTable(
  "erasures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    /** sha256(workspaceId:contactId): lets support match a ticket that quotes the id, reveals nothing alone. */
    contactHash: text("contact_hash").notNull(),
    eventsDeleted: integer("events_deleted").notNull(),
    messagesDeleted: integer("messages_deleted").notNull(),
    messageEventsDeleted: integer("message_events_deleted").notNull(),
    runsDeleted: integer("runs_deleted").notNull(),
    runStepsDeleted: integer("run_steps_deleted").notNull(),
    workflowsTerminated: integer("workflows_terminated").notNull(),
    /** The api_keys row that asked; null when the UI (no key) asked. */
    requestedByKeyId: uuid("requested_by_key_id"),
    source: text("source").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("erasures_workspace_time_idx").on(t.workspaceId, t.requestedAt)],
);
