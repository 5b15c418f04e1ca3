// Metric settings per workspace (attribution window, alert thresholds, auto-pause) and the
// alerts raised when a bounce or complaint rate crosses its threshold over a sliding window.
import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { journeys } from "./journeys";
import { workspaces } from "./workspaces";
import { workspaceIdColumn } from "./workspace-column";

export const metricSettings = pgTable("metric_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /** A send counts as converted when the run's goal follows within this many hours. */
  attributionWindowHours: integer("attribution_window_hours").notNull().default(72),
  bounceRateThreshold: doublePrecision("bounce_rate_threshold").notNull().default(0.05),
  complaintRateThreshold: doublePrecision("complaint_rate_threshold").notNull().default(0.003),
  alertWindowMinutes: integer("alert_window_minutes").notNull().default(60),
  /** Below this many sends in the window a rate is noise: no alert. */
  alertMinSends: integer("alert_min_sends").notNull().default(50),
  /** Pause the journey when one of its alerts opens. */
  isAutoPauseEnabled: boolean("is_auto_pause_enabled").notNull().default(false),
});

export const metricAlerts = pgTable(
  "metric_alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    /** `journey:<id>` or `domain:<recipient domain>`. */
    scope: text("scope").notNull(),
    journeyId: uuid("journey_id").references(() => journeys.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    rate: doublePrecision("rate").notNull(),
    threshold: doublePrecision("threshold").notNull(),
    sends: integer("sends").notNull(),
    windowMinutes: integer("window_minutes").notNull(),
    /** What was done besides showing it: `none`, `paused`, or why pausing was not possible. */
    action: text("action").notNull().default("none"),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    // One open alert per scope and metric: re-checking a still-high rate changes nothing.
    uniqueIndex("metric_alerts_open_idx")
      .on(t.workspaceId, t.scope, t.metric)
      .where(sql`${t.resolvedAt} IS NULL`),
    index("metric_alerts_workspace_idx").on(t.workspaceId, t.raisedAt),
  ],
);

/** The numbers a winner was declared on, kept so the switch can be explained later. */
export interface ExperimentWinnerStats {
  arms: { arm: string; trials: number; successes: number; rate: number }[];
  /** Always-valid evidence of the winner against each other arm (e-value, p = min(1, 1/e)). */
  eValue: number;
  pValue: number;
  threshold: number;
  guardrails: { metric: string; winnerRate: number; othersRate: number; limit: number }[];
}

/**
 * A split node's declared winner: contacts reaching the split afterwards take this variant
 * (workflow SPLIT_WINNER_PATCH). `source` says who decided: a person or the automatic checker.
 */
export const experimentWinners = pgTable(
  "experiment_winners",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    journeyId: uuid("journey_id")
      .notNull()
      .references(() => journeys.id, { onDelete: "cascade" }),
    versionId: uuid("version_id"),
    nodeId: text("node_id").notNull(),
    variantId: text("variant_id").notNull(),
    metric: text("metric").notNull(),
    probabilityBest: doublePrecision("probability_best").notNull(),
    confidence: doublePrecision("confidence").notNull(),
    minSample: integer("min_sample").notNull(),
    declaredAt: timestamp("declared_at", { withTimezone: true }).notNull().defaultNow(),
    source: text("source").$type<"manual" | "automatic">().notNull().default("manual"),
    declaredBy: text("declared_by"),
    stats: jsonb("stats").$type<ExperimentWinnerStats>(),
  },
  (t) => [uniqueIndex("experiment_winners_node_idx").on(t.journeyId, t.nodeId)],
);
