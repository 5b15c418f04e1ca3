// Segments: a named definition (AND/OR groups of predicates, see @mailstream/journey/segment-definition)
// whose members are kept current per event by the dispatcher and on a schedule.
import type { SegmentDefinition } from "@mailstream/journey/segment-definition";
import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

export const segments = pgTable(
  "segments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    name: text("name").notNull(),
    definition: jsonb("definition").$type<SegmentDefinition>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Names are unique per workspace (the UI and journeys show segments by name); the index also serves workspace lookups.
  (t) => [uniqueIndex("segments_workspace_name_idx").on(t.workspaceId, t.name)],
);
