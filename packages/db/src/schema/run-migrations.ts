// A republish that moves waiting runs to the new version: one row per publish-with-plan. The
// resolved mapping (old step id → new step id, or end) is what every run's signal carries;
// each run's progress is a row of run_migration_items, so a re-sent page sends nothing twice.
import { index, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { journeyVersions } from "./journey-versions";
import { journeys } from "./journeys";
import { workspaceIdColumn } from "./workspace-column";

/** Old step id → where its runs go: a step of the new version, or the end of the run. */
export type RunMigrationMapping = Record<string, { to: string } | { end: true }>;

export const runMigrations = pgTable(
  "run_migrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    journeyId: uuid("journey_id")
      .notNull()
      .references(() => journeys.id, { onDelete: "cascade" }),
    fromVersionId: uuid("from_version_id")
      .notNull()
      .references(() => journeyVersions.id),
    toVersionId: uuid("to_version_id")
      .notNull()
      .references(() => journeyVersions.id),
    mapping: jsonb("mapping").$type<RunMigrationMapping>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("run_migrations_journey_idx").on(t.journeyId, t.createdAt)],
);
