// Segment definitions: AND/OR groups of predicates over a contact's traits, event history,
// email engagement and membership of other segments. Schema and validation only (pure);
// evaluation lives in segment-evaluate.ts. Shapes shared with branch predicates (`trait`,
// `event_count`, `segment`) are identical so the UI reuses the branch builder's fields.
import { z } from "zod";
import { durationToMs, formatDuration } from "./durations";
import {
  ENGAGEMENT_ACTIONS,
  FILTER_OPS,
  opTakesValue,
  ZDurationSchema,
  ZEventCountPredicateSchema,
  ZPropertyFilterSchema,
  ZTraitPredicateSchema,
  type Duration,
  type PropertyFilter,
} from "./schema";

const ZValue = z.union([z.string(), z.number(), z.boolean()]).optional();

export const ZSegmentPredicateSchema = z.discriminatedUnion("type", [
  ZTraitPredicateSchema,
  ZEventCountPredicateSchema,
  /** "has not performed `event` [with filters] within the last `within`" (null = ever). */
  z.object({
    type: z.literal("not_performed"),
    event: z.string(),
    filters: z.array(ZPropertyFilterSchema).default([]),
    within: ZDurationSchema.nullable().default(null),
  }),
  /** "opened (or clicked) any email within the last `within`". A click counts as an open. */
  z.object({ type: z.literal("email_engagement"), action: z.enum(ENGAGEMENT_ACTIONS), within: ZDurationSchema }),
  /** A computed trait's current value (count, sum, first/last seen, last value), by its key. */
  z.object({ type: z.literal("computed_trait"), key: z.string(), op: z.enum(FILTER_OPS), value: ZValue }),
  /** Membership of another segment of the workspace (no cycles). */
  z.object({ type: z.literal("segment"), segmentId: z.string(), isMember: z.boolean().default(true) }),
]);
export type SegmentPredicate = z.infer<typeof ZSegmentPredicateSchema>;
export type SegmentPredicateType = SegmentPredicate["type"];

export const ZSegmentGroupSchema = z.object({
  match: z.enum(["all", "any"]),
  predicates: z.array(ZSegmentPredicateSchema),
});
export type SegmentGroup = z.infer<typeof ZSegmentGroupSchema>;

export const ZSegmentDefinitionSchema = z.object({
  /** How groups combine: all (AND) or any (OR). */
  match: z.enum(["all", "any"]),
  groups: z.array(ZSegmentGroupSchema),
});
export type SegmentDefinition = z.infer<typeof ZSegmentDefinitionSchema>;

export interface SegmentIssue {
  /** Where the problem is, e.g. `group 1, rule 2`, or null for the whole definition. */
  where: string | null;
  message: string;
}

export interface SegmentValidationContext {
  /** The segment being validated (absent when creating one). */
  segmentId?: string;
  /** Every other segment of the workspace: its name and definition, for references and cycles. */
  segments: ReadonlyMap<string, { name: string; definition: SegmentDefinition }>;
  /** Keys of the workspace's computed traits; without it, computed-trait keys are not checked. */
  computedTraitKeys?: ReadonlySet<string>;
}

/** Longest window a predicate may look back: event rows older than a year are not kept hot. */
export const MAX_SEGMENT_WINDOW_MS = 366 * 86_400_000;

function checkDuration(duration: Duration, where: string, push: (where: string, message: string) => void): void {
  const ms = durationToMs(duration);
  if (!Number.isFinite(duration.amount) || ms <= 0)
    push(where, `the time window must be positive (got ${formatDuration(duration)})`);
  else if (ms > MAX_SEGMENT_WINDOW_MS)
    push(where, `the time window must be at most 366 days (got ${formatDuration(duration)})`);
}

function checkFilters(
  filters: readonly PropertyFilter[],
  where: string,
  push: (where: string, message: string) => void,
): void {
  filters.forEach((filter, i) => {
    if (filter.path.trim() === "") push(where, `property filter ${i + 1} needs a property path`);
    if (needsValue(filter.op) && filter.value === undefined)
      push(where, `property filter ${i + 1} needs a value to compare with`);
  });
}

function needsValue(op: PropertyFilter["op"]): boolean {
  return opTakesValue(op);
}

/** Follows segment references from `start`; returns the path back to `target` if one exists. */
function findPathTo(start: string, target: string, refsOf: (id: string) => string[]): string[] | null {
  const seen = new Set<string>();
  const walk = (id: string, path: string[]): string[] | null => {
    if (id === target) return path;
    if (seen.has(id)) return null;
    seen.add(id);
    for (const next of refsOf(id)) {
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return null;
  };
  return walk(start, [start]);
}

/** Ids of the segments a definition refers to. */
export function referencedSegmentIds(definition: SegmentDefinition): string[] {
  return [
    ...new Set(
      definition.groups.flatMap((group) =>
        group.predicates.flatMap((p) => (p.type === "segment" ? [p.segmentId] : [])),
      ),
    ),
  ];
}

/**
 * Everything that keeps a definition from being evaluated, each naming the group and rule.
 * Empty list = valid.
 */
export function validateSegmentDefinition(
  definition: SegmentDefinition,
  ctx: SegmentValidationContext,
): SegmentIssue[] {
  const issues: SegmentIssue[] = [];
  const push = (where: string | null, message: string) => issues.push({ where, message });
  if (definition.groups.length === 0 || definition.groups.every((group) => group.predicates.length === 0)) {
    push(null, "A segment needs at least one rule");
    return issues;
  }
  definition.groups.forEach((group, g) => {
    if (group.predicates.length === 0) push(`group ${g + 1}`, "this group has no rules; add one or remove the group");
    group.predicates.forEach((predicate, p) =>
      validatePredicate(predicate, `group ${g + 1}, rule ${p + 1}`, ctx, push),
    );
  });
  return issues;
}

function validatePredicate(
  predicate: SegmentPredicate,
  where: string,
  ctx: SegmentValidationContext,
  push: (where: string, message: string) => void,
): void {
  switch (predicate.type) {
    case "trait":
      if (predicate.path.trim() === "") push(where, "choose a trait name");
      if (needsValue(predicate.op) && predicate.value === undefined)
        push(where, "enter a value to compare the trait with");
      return;
    case "event_count":
      if (predicate.event.trim() === "") push(where, "choose an event name");
      if (!Number.isInteger(predicate.count) || predicate.count < 0)
        push(where, `the count must be a whole number ≥ 0 (got ${predicate.count})`);
      checkDuration(predicate.within, where, push);
      checkFilters(predicate.filters, where, push);
      return;
    case "not_performed":
      if (predicate.event.trim() === "") push(where, "choose an event name");
      if (predicate.within) checkDuration(predicate.within, where, push);
      checkFilters(predicate.filters, where, push);
      return;
    case "email_engagement":
      checkDuration(predicate.within, where, push);
      return;
    case "computed_trait":
      if (predicate.key.trim() === "") push(where, "choose a computed trait");
      else if (ctx.computedTraitKeys && !ctx.computedTraitKeys.has(predicate.key))
        push(where, `computed trait "${predicate.key}" does not exist; define it under Contacts → Computed traits`);
      if (needsValue(predicate.op) && predicate.value === undefined)
        push(where, "enter a value to compare the computed trait with");
      return;
    case "segment": {
      if (predicate.segmentId.trim() === "") {
        push(where, "choose a segment");
        return;
      }
      if (predicate.segmentId === ctx.segmentId) {
        push(where, "a segment cannot refer to itself");
        return;
      }
      const referenced = ctx.segments.get(predicate.segmentId);
      if (!referenced) {
        push(where, `segment "${predicate.segmentId}" does not exist; choose another`);
        return;
      }
      if (ctx.segmentId === undefined) return; // a new segment cannot be referenced yet: no cycle possible
      const self = ctx.segmentId;
      const refsOf = (id: string) => {
        const entry = ctx.segments.get(id);
        return entry ? referencedSegmentIds(entry.definition) : [];
      };
      const cycle = findPathTo(predicate.segmentId, self, refsOf);
      if (cycle) {
        const name = (id: string) => (id === self ? "this segment" : `"${ctx.segments.get(id)?.name ?? id}"`);
        push(
          where,
          `segment ${name(predicate.segmentId)} depends on this segment (${[self, ...cycle].map(name).join(" → ")}); that would be a cycle`,
        );
      }
      return;
    }
  }
}
