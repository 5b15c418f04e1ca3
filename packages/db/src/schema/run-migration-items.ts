// One run of a migration (run_migrations): `pending` until its workflow settles it — `moved`
// (continued on the new version), `ended` (its step was mapped to the end), `stayed` (it was
// on a step without a mapping and finishes on the old version) — or `failed` (no open
// workflow). `signalled_at` makes the sender resumable: only unsignalled pending rows are sent.
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { journeyRuns } from "./journey-runs";
import { runMigrations } from "./run-migrations";

export const runMigrationItemStatus = pgEnum("run_migration_item_status", [
  "pending",
  "moved",
  "ended",
  "stayed",
  "failed",
]);

export const runMigrationItems = pgTable(
  "run_migration_items",
  {
    migrationId: uuid("migration_id")
      .notNull()
      .references(() => runMigrations.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => journeyRuns.id, { onDelete: "cascade" }),
    workflowId: text("workflow_id").notNull(),
    /** The step the run waited at when the migration was planned (the review's count). */
    fromStepId: text("from_step_id"),
    status: runMigrationItemStatus("status").notNull().default("pending"),
    /** The step the run continued at (moved), or why it did not move (stayed, failed). */
    detail: text("detail"),
    signalledAt: timestamp("signalled_at", { withTimezone: true }),
    settledAt: timestamp("settled_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.migrationId, t.runId] }),
    index("run_migration_items_unsignalled_idx").on(t.migrationId, t.status, t.signalledAt),
    index("run_migration_items_run_idx").on(t.runId),
  ],
);
