// Metric rollups: counters per minute, hour and day maintained by Postgres triggers (migrations
// `metrics_rollup_triggers`, `metrics_rollup_tiers`) as run steps, runs and message events are
// inserted. Triggers rather than a polling worker because they commit with the row that caused
// them: no lag, no cursor to lose across restarts, and duplicate inserts (ON CONFLICT DO NOTHING
// on the source tables) never fire them, so counts stay exact under retries. The hour and day
// tiers are bumped by the same statements as the minute tier, so a long range reads a few
// hundred coarse rows instead of tens of thousands of minute rows, with no compaction job that
// late events (a webhook for yesterday, a goal met days after the send) could slip past.
import { sql } from "drizzle-orm";
import { bigint, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Journey flow per minute. `node_id` '' holds run-level counters (`run_started`,
 * `run_converted`, `run_ended`/status); otherwise `entered` (key ''), `outcome`
 * (key = the step outcome, i.e. the outlet taken) and `edge` (key = `<outcome>><target>`).
 */
function journeyStepRollupTable<N extends string>(name: N) {
  return pgTable(
    name,
    {
      journeyId: uuid("journey_id").notNull(),
      bucket: timestamp("bucket", { withTimezone: true }).notNull(),
      versionId: uuid("version_id").notNull(),
      nodeId: text("node_id").notNull(),
      metric: text("metric").notNull(),
      key: text("key").notNull().default(""),
      n: bigint("n", { mode: "number" }).notNull().default(0),
    },
    (t) => [primaryKey({ columns: [t.journeyId, t.bucket, t.versionId, t.nodeId, t.metric, t.key] })],
  );
}
export const journeyStepRollups = journeyStepRollupTable("journey_step_rollups");
/** The same counters per UTC hour and per UTC day. */
export const journeyStepRollupsHour = journeyStepRollupTable("journey_step_rollups_hour");
export const journeyStepRollupsDay = journeyStepRollupTable("journey_step_rollups_day");

/**
 * Email engagement per journey email node and template per minute. `metric` is the message
 * event type (total) or `<type>_unique` (first of its type for the message); clicks also
 * carry per-link rows (`link_clicked[_unique]`, key = URL); `converted` counts sends
 * followed by the run's goal within the attribution window.
 */
function emailRollupColumns() {
  return {
    journeyId: uuid("journey_id").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    versionId: uuid("version_id").notNull(),
    nodeId: text("node_id").notNull(),
    /** The zero UUID when the template was deleted. */
    templateId: uuid("template_id").notNull(),
    workspaceId: uuid("workspace_id").notNull(),
    metric: text("metric").notNull(),
    key: text("key").notNull().default(""),
    n: bigint("n", { mode: "number" }).notNull().default(0),
  };
}
export const emailRollups = pgTable("email_rollups", emailRollupColumns(), (t) => [
  primaryKey({ columns: [t.journeyId, t.bucket, t.versionId, t.nodeId, t.templateId, t.metric, t.key] }),
  index("email_rollups_template_idx").on(t.workspaceId, t.templateId, t.bucket),
]);
/** The same counters per UTC hour and per UTC day. */
export const emailRollupsHour = pgTable("email_rollups_hour", emailRollupColumns(), (t) => [
  primaryKey({
    name: "email_rollups_hour_pk",
    columns: [t.journeyId, t.bucket, t.versionId, t.nodeId, t.templateId, t.metric, t.key],
  }),
  index("email_rollups_hour_template_idx").on(t.workspaceId, t.templateId, t.bucket),
]);
export const emailRollupsDay = pgTable("email_rollups_day", emailRollupColumns(), (t) => [
  primaryKey({
    name: "email_rollups_day_pk",
    columns: [t.journeyId, t.bucket, t.versionId, t.nodeId, t.templateId, t.metric, t.key],
  }),
  index("email_rollups_day_template_idx").on(t.workspaceId, t.templateId, t.bucket),
]);

/**
 * Workspace-wide email counters per minute (every message, journey or not): key '' for
 * totals, `domain:<recipient domain>` for the per-domain alert windows.
 */
export const workspaceRollups = pgTable(
  "workspace_rollups",
  {
    workspaceId: uuid("workspace_id").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    metric: text("metric").notNull(),
    key: text("key").notNull().default(""),
    n: bigint("n", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.bucket, t.metric, t.key] }),
    index("workspace_rollups_key_idx")
      .on(t.workspaceId, t.metric, t.bucket)
      .where(sql`${t.key} <> ''`),
  ],
);

/** First event of a type (and per link for clicks) per message: the unique counts' arbiter. */
export const messageEventFirsts = pgTable(
  "message_event_firsts",
  {
    messageId: uuid("message_id").notNull(),
    type: text("type").notNull(),
    key: text("key").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.type, t.key] })],
);
