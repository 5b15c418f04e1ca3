// A journey and its editable draft graph. Publishing snapshots the draft into a version.
import type { JourneyGraph } from "@mailstream/journey/schema";
import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { workspaceIdColumn } from "./workspace-column";

export const journeyStatus = pgEnum("journey_status", ["draft", "live", "paused", "archived"]);

export const journeys = pgTable(
  "journeys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    name: text("name").notNull(),
    status: journeyStatus("status").notNull().default("draft"),
    draft: jsonb("draft").$type<JourneyGraph>().notNull(),
    /** The version new entrants get; null until first published. */
    liveVersionId: uuid("live_version_id"),
    /** Labels for finding it in the list (journeys/tags.ts validates them: short, bounded count). */
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("journeys_workspace_idx").on(t.workspaceId), index("journeys_tags_idx").using("gin", t.tags)],
);
