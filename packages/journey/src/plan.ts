// The compiled plan: what a journey version stores and what the `journeyRun` workflow
// interprets. Immutable once published; a run is pinned to the plan it started with.
// Each step kind's schema lives with its node kind (kinds/<kind>.ts, listed in kinds/registry.ts).
import { z } from "zod";
import { ZPlanStepSchema } from "./kinds/registry";
import { REENTRY_POLICIES } from "./kinds/trigger";
import { ZPropertyFilterSchema } from "./primitives";

export { ZPlanConditionSchema, ZPlanPredicateSchema, type PlanCondition, type PlanPredicate } from "./kinds/branch";
export { ZPlanStepSchema };

/** The plan's shape version: kinds and fields are only ever added, so it has never changed. */
export const PLAN_FORMAT = 1;

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
