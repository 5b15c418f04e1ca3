// The compiled plan: what a journey version stores and what the `journeyRun` workflow
// interprets. Immutable once published; a run is pinned to the plan it started with.
// Step kinds are additive: plans compiled before a kind existed still parse unchanged.
import { z } from "zod";
import {
  COUNT_COMPARISONS,
  REENTRY_POLICIES,
  ENGAGEMENT_ACTIONS,
  FILTER_OPS,
  TRAIT_VALUE_TYPES,
  WEBHOOK_METHODS,
  WEEKDAYS,
  ZPropertyFilterSchema,
  ZSplitAutoWinnerSchema,
} from "./schema";

/** Bumped when the plan's shape changes incompatibly; the workflow branches on it with `patched()`. */
export const PLAN_FORMAT = 1;

const ZNext = z.string().nullable();
const ZValue = z.union([z.string(), z.number(), z.boolean()]).optional();

/** Branch predicates with durations resolved to milliseconds. */
export const ZPlanPredicateSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("trait"), path: z.string(), op: z.enum(FILTER_OPS), value: ZValue }),
  z.object({ type: z.literal("trigger"), path: z.string(), op: z.enum(FILTER_OPS), value: ZValue }),
  z.object({
    type: z.literal("event_count"),
    event: z.string(),
    filters: z.array(ZPropertyFilterSchema),
    comparison: z.enum(COUNT_COMPARISONS),
    count: z.number().int().nonnegative(),
    withinMs: z.number().int().positive(),
  }),
  z.object({ type: z.literal("not_performed_since_entry"), event: z.string(), filters: z.array(ZPropertyFilterSchema) }),
  z.object({ type: z.literal("email_engagement"), nodeId: z.string(), action: z.enum(ENGAGEMENT_ACTIONS) }),
  z.object({ type: z.literal("segment"), segmentId: z.string(), isMember: z.boolean() }),
  z.object({ type: z.literal("matched_event"), nodeId: z.string(), path: z.string(), op: z.enum(FILTER_OPS), value: ZValue }),
]);
export type PlanPredicate = z.infer<typeof ZPlanPredicateSchema>;

export const ZPlanConditionSchema = z.object({
  match: z.enum(["all", "any"]),
  groups: z.array(z.object({ match: z.enum(["all", "any"]), predicates: z.array(ZPlanPredicateSchema) })),
});
export type PlanCondition = z.infer<typeof ZPlanConditionSchema>;

export const ZPlanStepSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("wait"), id: z.string(), durationMs: z.number().int().positive(), next: ZNext }),
  z.object({
    kind: z.literal("wait_until_time"),
    id: z.string(),
    /** 24h `HH:MM` wall-clock time in the contact's zone (trait `timezone`), else `fallbackTimeZone`. */
    time: z.string(),
    /** Empty = any day. */
    weekdays: z.array(z.enum(WEEKDAYS)),
    fallbackTimeZone: z.string(),
    next: ZNext,
  }),
  z.object({
    kind: z.literal("wait_until_date"),
    id: z.string(),
    source: z.enum(["trait", "trigger"]),
    path: z.string(),
    offsetMs: z.number().int(),
    next: ZNext,
  }),
  z.object({
    kind: z.literal("wait_until_event"),
    id: z.string(),
    event: z.string(),
    filters: z.array(ZPropertyFilterSchema),
    matchOnEntryKey: z.boolean(),
    timeoutMs: z.number().int().positive(),
    matched: ZNext,
    timedOut: ZNext,
  }),
  z.object({ kind: z.literal("branch"), id: z.string(), condition: ZPlanConditionSchema, yes: ZNext, no: ZNext }),
  /** Several cases + else: the first case whose condition holds is taken. */
  z.object({
    kind: z.literal("branch_cases"),
    id: z.string(),
    cases: z.array(z.object({ id: z.string(), condition: ZPlanConditionSchema, next: ZNext })),
    else: ZNext,
  }),
  z.object({
    kind: z.literal("split"),
    id: z.string(),
    variants: z.array(z.object({ id: z.string(), weight: z.number(), next: ZNext })),
    holdoutPercent: z.number(),
    autoWinner: ZSplitAutoWinnerSchema.optional(),
  }),
  z.object({
    kind: z.literal("webhook"),
    id: z.string(),
    method: z.enum(WEBHOOK_METHODS),
    url: z.string(),
    headers: z.array(z.object({ name: z.string(), value: z.string() })),
    body: z.string(),
    next: ZNext,
  }),
  z.object({
    kind: z.literal("update_contact"),
    id: z.string(),
    updates: z.array(
      z.discriminatedUnion("op", [
        z.object({ op: z.literal("set"), trait: z.string(), value: z.string(), as: z.enum(TRAIT_VALUE_TYPES) }),
        z.object({ op: z.literal("unset"), trait: z.string() }),
      ]),
    ),
    next: ZNext,
  }),
  z.object({
    kind: z.literal("email"),
    id: z.string(),
    templateId: z.string(),
    /** The template version pinned when the journey was published; absent in older plans (latest content is used). */
    templateVersionId: z.string().optional(),
    topicId: z.string().nullable().optional(),
    /** Bypasses subscription topics, frequency cap and quiet hours. */
    transactional: z.boolean().optional(),
    next: ZNext,
  }),
  z.object({ kind: z.literal("exit"), id: z.string() }),
]);
export type PlanStep = z.infer<typeof ZPlanStepSchema>;
export type PlanStepKind = PlanStep["kind"];

const ZPlanEventMatcher = z.object({ event: z.string().min(1), filters: z.array(ZPropertyFilterSchema) });

/** Journey settings with durations in milliseconds. Absent in plans compiled before settings existed. */
export const ZPlanSettingsSchema = z.object({
  goal: ZPlanEventMatcher.extend({ windowMs: z.number().int().positive() }).nullable(),
  exitCriteria: z.array(ZPlanEventMatcher),
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  frequencyCap: z.object({ maxEmails: z.number().int().positive(), periodMs: z.number().int().positive() }).nullable(),
  timeZone: z.string(),
});
export type PlanSettings = z.infer<typeof ZPlanSettingsSchema>;

export const ZPlanSchema = z.object({
  format: z.literal(PLAN_FORMAT),
  trigger: z.object({
    nodeId: z.string(),
    /** Absent = `event`. */
    source: z.enum(["event", "segment"]).optional(),
    /** The trigger event's name; empty for segment triggers. */
    event: z.string(),
    filters: z.array(ZPropertyFilterSchema),
    segmentId: z.string().optional(),
    /** Absent = `every_time` (plans compiled before entry rules existed). */
    reentry: z.enum(REENTRY_POLICIES).optional(),
    cooldownMs: z.number().int().positive().optional(),
    /** Dot path into the trigger event whose value keys entries (and until-event matches). */
    entryKey: z.string().optional(),
  }),
  settings: ZPlanSettingsSchema.optional(),
  /** First step after the trigger (a valid graph always has one). */
  entry: z.string(),
  steps: z.record(z.string(), ZPlanStepSchema),
});
export type Plan = z.infer<typeof ZPlanSchema>;

/** Every step id a step can continue to (null = run completes). */
export function stepSuccessors(step: PlanStep): (string | null)[] {
  switch (step.kind) {
    case "exit":
      return [];
    case "wait_until_event":
      return [step.matched, step.timedOut];
    case "branch":
      return [step.yes, step.no];
    case "branch_cases":
      return [...step.cases.map((branchCase) => branchCase.next), step.else];
    case "split":
      return step.variants.map((variant) => variant.next);
    default:
      return [step.next];
  }
}

/** Event names that some `wait_until_event` step of the plan waits for (the dispatcher signals only these). */
export function waitedEventNames(plan: Plan): string[] {
  const names = new Set<string>();
  for (const step of Object.values(plan.steps)) if (step.kind === "wait_until_event") names.add(step.event);
  return [...names];
}
