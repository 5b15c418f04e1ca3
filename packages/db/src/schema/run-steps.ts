// The per-run step log: each node a run reached, in order. `seq` comes from the workflow
// (deterministic), so a retried activity writes the same row once.
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { journeyRuns } from "./journey-runs";
import { journeys } from "./journeys";

export const runSteps = pgTable(
  "run_steps",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: uuid("run_id")
      .notNull()
      .references(() => journeyRuns.id, { onDelete: "cascade" }),
    journeyId: uuid("journey_id")
      .notNull()
      .references(() => journeys.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    nodeId: text("node_id").notNull(),
    kind: text("kind").notNull(),
    /** What happened at the node: `entered`, `sent`, `waited`, `exited`, `failed`… */
    outcome: text("outcome").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("run_steps_run_seq_idx").on(t.runId, t.seq),
    index("run_steps_journey_node_idx").on(t.journeyId, t.nodeId),
  ],
);
