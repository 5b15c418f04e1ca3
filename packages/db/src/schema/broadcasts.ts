// Broadcasts: one message to many contacts — a segment, or everyone subscribed to a topic —
// sent now, at a set time, or at a set wall-clock time in each contact's zone. What is sent
// lives in broadcast_variants (one today; A/B variants later); who it went to lives in the
// frozen audience, broadcast_recipients. The counters are written by the send workflow's
// activities and are what the progress bar reads (no count over 1 M rows per poll).
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ExperimentWinnerStats } from "./metric-alerts";
import { segments } from "./segments";
import { subscriptionTopics } from "./subscription-topics";
import { workspaceIdColumn } from "./workspace-column";

/**
 * draft → scheduled (workflow waiting for its time) → sending ⇄ paused → done; cancelled from
 * any state but done. Only a draft may be edited.
 */
export const broadcastStatus = pgEnum("broadcast_status", [
  "draft",
  "scheduled",
  "sending",
  "paused",
  "cancelled",
  "done",
]);
export type BroadcastStatus = (typeof broadcastStatus.enumValues)[number];

export const BROADCAST_SCHEDULE_KINDS = ["now", "at", "local_time", "best_time"] as const;
export type BroadcastScheduleKind = (typeof BROADCAST_SCHEDULE_KINDS)[number];

/** Per-recipient-domain hourly limits, e.g. `{ "gmail.com": 5000 }` (lower-case domains). */
export type BroadcastDomainLimits = Record<string, number>;

/**
 * Staggered A/B/n: the variants go to a sample first (`samplePercent` of the frozen audience,
 * split by the variants' weights), the always-valid sequential test of the journey splits judges
 * them on `metric` until `durationMs` after the sample went out, and the winner — or the
 * fallback (a variant's key, or stop) — goes to the rest.
 */
export interface BroadcastAbTest {
  samplePercent: number;
  metric: "open_rate" | "click_rate" | "goal_conversion";
  /** `goal_conversion` only: the event, counted within `windowMs` after the send. */
  goal: { event: string; windowMs: number } | null;
  durationMs: number;
  fallback: { kind: "variant"; key: string } | { kind: "stop" };
  /** The sequential test's rule, as a journey split's automatic winner carries it. */
  confidence: number;
  minSamplePerArm: number;
}

/** What ended the test, and why: a winner by the test (with its figures), the fallback, or stop. */
export interface BroadcastAbDecision {
  outcome: "winner" | "fallback" | "stop";
  /** The variant sent to the rest (null when stopped). */
  variantKey: string | null;
  reason: string;
  /** True when the test declared a winner before its deadline. */
  isEarly: boolean;
  stats: ExperimentWinnerStats | null;
  decidedAt: string;
}

export const broadcasts = pgTable(
  "broadcasts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    name: text("name").notNull(),
    // Audience: exactly one of the two (checked below). A deleted segment/topic leaves the
    // broadcast (and its history) in place; sending it then fails with a clear reason.
    segmentId: uuid("segment_id").references(() => segments.id, { onDelete: "set null" }),
    topicId: uuid("topic_id").references(() => subscriptionTopics.id, { onDelete: "set null" }),
    /** Overrides the template's from address; must be one of the workspace's senders when set. */
    fromAddress: text("from_address"),
    scheduleKind: text("schedule_kind").$type<BroadcastScheduleKind>().notNull().default("now"),
    /** `at`: the instant; `local_time`: the UTC instant of the wall time in UTC (the date and time typed);
     * `now` and `best_time`: when sending started (best time: each contact within the next 24 h of it). */
    sendAt: timestamp("send_at", { withTimezone: true }),
    /** `local_time` only: "YYYY-MM-DDTHH:MM", read in each contact's zone. */
    localTime: text("local_time"),
    /** Emails per hour across the whole broadcast; null = as fast as the email queue allows. */
    throttlePerHour: integer("throttle_per_hour"),
    domainLimits: jsonb("domain_limits").$type<BroadcastDomainLimits>().notNull().default({}),
    /**
     * The same rules a journey's settings carry (send-limits.ts); null = none. Quiet hours are read
     * in each contact's zone, else in `timeZone` (as a journey's own zone; absent on rows written
     * before it: UTC).
     */
    quietHours: jsonb("quiet_hours").$type<{ start: string; end: string; timeZone?: string } | null>(),
    frequencyCap: jsonb("frequency_cap").$type<{ maxEmails: number; periodMs: number } | null>(),
    /** Null: everyone gets the one variant. */
    abTest: jsonb("ab_test").$type<BroadcastAbTest | null>(),
    /** When the test phase ends at the latest (set once the sample is sent). */
    abTestEndsAt: timestamp("ab_test_ends_at", { withTimezone: true }),
    abDecision: jsonb("ab_decision").$type<BroadcastAbDecision | null>(),
    /**
     * The conversion goal: a recipient converts when this track event arrives for them within the
     * workspace's attribution window after their send (broadcast-conversion.ts). Null: no goal, and
     * the report says so rather than counting 0. A test judged on a goal uses the same event.
     */
    goalEvent: text("goal_event"),
    status: broadcastStatus("status").notNull().default("draft"),
    recipientCount: integer("recipient_count").notNull().default(0),
    sentCount: integer("sent_count").notNull().default(0),
    skippedCount: integer("skipped_count").notNull().default(0),
    failedCount: integer("failed_count").notNull().default(0),
    /** Temporal workflow id once scheduled (broadcastWorkflowId). */
    workflowId: text("workflow_id"),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("broadcasts_workspace_created_idx").on(t.workspaceId, t.createdAt),
    check("broadcasts_one_audience", sql`num_nonnulls(${t.segmentId}, ${t.topicId}) <= 1`),
  ],
);
