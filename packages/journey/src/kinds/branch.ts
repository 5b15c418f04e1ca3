// The branch: a condition on traits, the trigger event, event history, segment membership,
// engagement with earlier emails or an earlier wait's matched event; outlets `yes` / `no`, or
// several cases + `else`. Compiles to `branch` or `branch_cases`, interpreted by
// temporal/workflows/src/steps/branch*.ts (the `evaluateBranch` activity reads the data).
import { z } from "zod";
import { durationToMs } from "../durations";
import { FILTER_OPS, ZDurationSchema, ZPropertyFilterSchema } from "../primitives";
import { checkFilters, checkSegmentRef, defineNodeKind, isPositive, needsValue, type Push } from "./kind";
import type { ValidationContext } from "../validation-codes";

const ZNext = z.string().nullable();
const ZValue = z.union([z.string(), z.number(), z.boolean()]).optional();

export const COUNT_COMPARISONS = ["at_least", "at_most", "exactly"] as const;
export const ENGAGEMENT_ACTIONS = ["opened", "clicked"] as const;

/** A contact trait (`path` is the trait name or a dot path inside traits; in segments `email` is the address). Shared with segment definitions. */
export const ZTraitPredicateSchema = z.object({
  type: z.literal("trait"),
  path: z.string(),
  op: z.enum(FILTER_OPS),
  value: ZValue,
});

/**
 * "performed `event` [with filters] at least|at most|exactly `count` times within `within`"
 * (in a segment: within the last `within`). Shared with segment definitions.
 */
export const ZEventCountPredicateSchema = z.object({
  type: z.literal("event_count"),
  event: z.string(),
  filters: z.array(ZPropertyFilterSchema).default([]),
  comparison: z.enum(COUNT_COMPARISONS),
  count: z.number(),
  within: ZDurationSchema,
});

export const ZPredicateSchema = z.discriminatedUnion("type", [
  ZTraitPredicateSchema,
  /** The event that started the run (`path` like `properties.total`). */
  z.object({ type: z.literal("trigger"), path: z.string(), op: z.enum(FILTER_OPS), value: ZValue }),
  ZEventCountPredicateSchema,
  /** "has not performed `event` [with filters] since entering the journey". */
  z.object({
    type: z.literal("not_performed_since_entry"),
    event: z.string(),
    filters: z.array(ZPropertyFilterSchema).default([]),
  }),
  /** Engagement with an email sent earlier in this run by email node `nodeId`. */
  z.object({ type: z.literal("email_engagement"), nodeId: z.string(), action: z.enum(ENGAGEMENT_ACTIONS) }),
  /** Membership of a segment, read fresh when the branch is evaluated. */
  z.object({ type: z.literal("segment"), segmentId: z.string(), isMember: z.boolean().default(true) }),
  /**
   * The event an earlier until-event wait (`nodeId`) matched, `path` like `properties.total`.
   * After that wait timed out there is no such event: every path reads as missing.
   */
  z.object({
    type: z.literal("matched_event"),
    nodeId: z.string(),
    path: z.string(),
    op: z.enum(FILTER_OPS),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  }),
]);
export type Predicate = z.infer<typeof ZPredicateSchema>;
export type PredicateType = Predicate["type"];

export const ZPredicateGroupSchema = z.object({
  /** How the predicates inside the group combine. */
  match: z.enum(["all", "any"]).default("all"),
  predicates: z.array(ZPredicateSchema),
});
export const ZConditionSchema = z.object({
  /** How the groups combine: `all` = AND, `any` = OR. */
  match: z.enum(["all", "any"]).default("all"),
  groups: z.array(ZPredicateGroupSchema),
});
export type Condition = z.infer<typeof ZConditionSchema>;

/** One case of a multi-way branch; its `id` is also its outlet. */
export const ZBranchCaseSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  condition: ZConditionSchema,
});
export type BranchCase = z.infer<typeof ZBranchCaseSchema>;

export const ZBranchNodeDataSchema = z.object({
  kind: z.literal("branch"),
  /** The yes / no condition; unused when `cases` is non-empty. */
  condition: ZConditionSchema,
  /** Several cases + else: the first case whose condition holds wins; none → outlet `else`. */
  cases: z.array(ZBranchCaseSchema).optional(),
});
export const BRANCH_OUTLETS = ["yes", "no"] as const;
export const BRANCH_ELSE_OUTLET = "else";
export type BranchNodeData = z.infer<typeof ZBranchNodeDataSchema>;

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
  z.object({
    type: z.literal("not_performed_since_entry"),
    event: z.string(),
    filters: z.array(ZPropertyFilterSchema),
  }),
  z.object({ type: z.literal("email_engagement"), nodeId: z.string(), action: z.enum(ENGAGEMENT_ACTIONS) }),
  z.object({ type: z.literal("segment"), segmentId: z.string(), isMember: z.boolean() }),
  z.object({
    type: z.literal("matched_event"),
    nodeId: z.string(),
    path: z.string(),
    op: z.enum(FILTER_OPS),
    value: ZValue,
  }),
]);
export type PlanPredicate = z.infer<typeof ZPlanPredicateSchema>;

export const ZPlanConditionSchema = z.object({
  match: z.enum(["all", "any"]),
  groups: z.array(z.object({ match: z.enum(["all", "any"]), predicates: z.array(ZPlanPredicateSchema) })),
});
export type PlanCondition = z.infer<typeof ZPlanConditionSchema>;

export const ZPlanBranchStepSchema = z.object({
  kind: z.literal("branch"),
  id: z.string(),
  condition: ZPlanConditionSchema,
  yes: ZNext,
  no: ZNext,
});
/** Several cases + else: the first case whose condition holds is taken. */
export const ZPlanBranchCasesStepSchema = z.object({
  kind: z.literal("branch_cases"),
  id: z.string(),
  cases: z.array(z.object({ id: z.string(), condition: ZPlanConditionSchema, next: ZNext })),
  else: ZNext,
});

export type BranchValidationCode =
  "condition_empty" | "condition_invalid" | "branch_case_invalid" | "unknown_segment" | "filter_missing_value";

function validatePredicate(
  predicate: Predicate,
  where: string,
  emailNodeIds: ReadonlySet<string>,
  ctx: ValidationContext,
  push: Push,
): void {
  switch (predicate.type) {
    case "trait":
    case "trigger":
      if (predicate.path.trim() === "")
        push(
          "condition_invalid",
          `${where} needs a ${predicate.type === "trait" ? "trait name" : "trigger property path"}`,
        );
      else if (needsValue(predicate.op, predicate.value))
        push("condition_invalid", `${where} on "${predicate.path}" (${predicate.op}) needs a value`);
      return;
    case "event_count":
      if (predicate.event.trim() === "") push("condition_invalid", `${where} needs an event name`);
      if (!Number.isInteger(predicate.count) || predicate.count < 0)
        push("condition_invalid", `${where} needs a whole number of times (got ${predicate.count})`);
      if (!isPositive(predicate.within)) push("condition_invalid", `${where} needs a positive time window`);
      checkFilters(predicate.filters, where, push);
      return;
    case "not_performed_since_entry":
      if (predicate.event.trim() === "") push("condition_invalid", `${where} needs an event name`);
      checkFilters(predicate.filters, where, push);
      return;
    case "email_engagement":
      if (!emailNodeIds.has(predicate.nodeId))
        push(
          "condition_invalid",
          `${where} refers to "${predicate.nodeId}", which is not an Email node of this journey`,
        );
      return;
    case "segment":
      checkSegmentRef(predicate.segmentId, where, ctx, push);
      return;
    case "matched_event":
      // Which wait it names is checked against the graph's edges (validate-matched-event.ts).
      if (predicate.path.trim() === "")
        push("condition_invalid", `${where} needs a property path of the matched event, e.g. properties.total`);
      else if (needsValue(predicate.op, predicate.value))
        push("condition_invalid", `${where} on "${predicate.path}" (${predicate.op}) needs a value`);
      return;
  }
}

function validateCondition(
  condition: Condition,
  where: string,
  emailNodeIds: ReadonlySet<string>,
  ctx: ValidationContext,
  push: Push,
): void {
  const { groups } = condition;
  if (groups.length === 0 || groups.every((group) => group.predicates.length === 0)) {
    push("condition_empty", `${where} has no condition; add at least one rule`);
    return;
  }
  groups.forEach((group, g) => {
    if (group.predicates.length === 0)
      push("condition_empty", `${where}: group ${g + 1} has no rules; add one or remove the group`);
    group.predicates.forEach((predicate, p) =>
      validatePredicate(predicate, `${where}: group ${g + 1}, rule ${p + 1}`, emailNodeIds, ctx, push),
    );
  });
}

/** A multi-case branch: unique, non-empty case ids other than `else`. */
function validateCaseIds(cases: readonly BranchCase[], name: string, push: Push): void {
  const seen = new Set<string>();
  cases.forEach((branchCase, index) => {
    const id = branchCase.id.trim();
    if (id === "") push("branch_case_invalid", `${name}: case ${index + 1} needs an id`);
    else if (id === BRANCH_ELSE_OUTLET)
      push(
        "branch_case_invalid",
        `${name}: case ${index + 1} cannot use the id "else", which is the outlet taken when no case holds`,
      );
    else if (seen.has(id)) push("branch_case_invalid", `${name} has two cases with the id "${id}"`);
    seen.add(id);
  });
}

function compilePredicate(predicate: Predicate): PlanPredicate {
  switch (predicate.type) {
    case "event_count":
      return {
        type: "event_count",
        event: predicate.event.trim(),
        filters: predicate.filters.map((filter) => ({ ...filter })),
        comparison: predicate.comparison,
        count: predicate.count,
        withinMs: durationToMs(predicate.within),
      };
    case "not_performed_since_entry":
      return {
        type: predicate.type,
        event: predicate.event.trim(),
        filters: predicate.filters.map((filter) => ({ ...filter })),
      };
    case "trait":
    case "trigger":
      return { type: predicate.type, path: predicate.path.trim(), op: predicate.op, value: predicate.value };
    case "matched_event":
      return {
        type: predicate.type,
        nodeId: predicate.nodeId,
        path: predicate.path.trim(),
        op: predicate.op,
        value: predicate.value,
      };
    case "email_engagement":
    case "segment":
      return { ...predicate };
  }
}

function compileCondition(condition: Condition): PlanCondition {
  return {
    match: condition.match,
    groups: condition.groups
      .filter((group) => group.predicates.length > 0)
      .map((group) => ({ match: group.match, predicates: group.predicates.map(compilePredicate) })),
  };
}

export const branchKind = defineNodeKind<
  BranchNodeData,
  z.infer<typeof ZPlanBranchStepSchema> | z.infer<typeof ZPlanBranchCasesStepSchema>
>({
  kind: "branch",
  label: "Branch",
  staticOutlets: BRANCH_OUTLETS,
  outlets: (data) =>
    data.cases && data.cases.length > 0 ? [...data.cases.map((c) => c.id), BRANCH_ELSE_OUTLET] : BRANCH_OUTLETS,
  // Yes/no branches check `condition`; multi-case branches (non-empty `cases`) check each case's.
  validate(data, { name, ctx, facts, push }) {
    if (data.cases) validateCaseIds(data.cases, name, push);
    const { cases } = data;
    if (cases && cases.length > 0) {
      cases.forEach((branchCase, index) => {
        const label = branchCase.name.trim() || branchCase.id.trim() || String(index + 1);
        validateCondition(branchCase.condition, `${name}: case "${label}"`, facts.emailNodeIds, ctx, push);
      });
      return;
    }
    validateCondition(data.condition, name, facts.emailNodeIds, ctx, push);
  },
  compile(data, { id, nextOf }) {
    if (data.cases && data.cases.length > 0) {
      return {
        kind: "branch_cases",
        id,
        cases: data.cases.map((branchCase) => ({
          id: branchCase.id,
          condition: compileCondition(branchCase.condition),
          next: nextOf(id, branchCase.id),
        })),
        else: nextOf(id, BRANCH_ELSE_OUTLET),
      };
    }
    return {
      kind: "branch",
      id,
      condition: compileCondition(data.condition),
      yes: nextOf(id, "yes"),
      no: nextOf(id, "no"),
    };
  },
});
