// The compiled plan: what a journey version stores and what the `journeyRun` workflow
// interprets. Immutable once published; a run is pinned to the plan it started with.
// Step kinds are additive: plans compiled before a kind existed still parse unchanged.
import { z } from "zod";
import {
  COUNT_COMPARISONS,
  ENGAGEMENT_ACTIONS,
  FILTER_OPS,
  TRAIT_VALUE_TYPES,
  WEBHOOK_METHODS,
  WEEKDAYS,
  ZPropertyFilterSchema,
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
  z.object({
    kind: z.literal("split"),
    id: z.string(),
    variants: z.array(z.object({ id: z.string(), weight: z.number(), next: ZNext })),
    holdoutPercent: z.number(),
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
  z.object({ kind: z.literal("email"), id: z.string(), templateId: z.string(), next: ZNext }),
  z.object({ kind: z.literal("exit"), id: z.string() }),
]);
export type PlanStep = z.infer<typeof ZPlanStepSchema>;
export type PlanStepKind = PlanStep["kind"];

export const ZPlanSchema = z.object({
  format: z.literal(PLAN_FORMAT),
  trigger: z.object({
    nodeId: z.string(),
    event: z.string().min(1),
    filters: z.array(ZPropertyFilterSchema),
  }),
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
