// Immutable published versions: the graph as drawn and the plan the workflow runs.
import type { JourneyGraph } from "@mailstream/journey/schema";
import type { Plan } from "@mailstream/journey/plan";
import { integer, jsonb, pgTable, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { journeys } from "./journeys";

export const journeyVersions = pgTable(
  "journey_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    journeyId: uuid("journey_id")
      .notNull()
      .references(() => journeys.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    graph: jsonb("graph").$type<JourneyGraph>().notNull(),
    plan: jsonb("plan").$type<Plan>().notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("journey_versions_journey_version_idx").on(t.journeyId, t.version)],
);
