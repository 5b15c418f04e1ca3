// Schema pieces several node kinds and the journey settings share: property filters,
// durations and event matchers.
import { z } from "zod";

/**
 * The one operator list of property filters, trait and property predicates (triggers, waits,
 * branches, segments, computed traits). New operators are only ever appended: stored plans keep
 * parsing. Labels and whether a value is needed are read from FILTER_OP_INFO by every form.
 */
export const FILTER_OPS = [
  "eq",
  "neq",
  "exists",
  "not_exists",
  "contains",
  "gt",
  "lt",
  "eq_any_case",
  "contains_any_case",
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export const FILTER_OP_INFO: Readonly<Record<FilterOp, { label: string; takesValue: boolean }>> = {
  eq: { label: "equals", takesValue: true },
  eq_any_case: { label: "equals (any case)", takesValue: true },
  neq: { label: "does not equal", takesValue: true },
  contains: { label: "contains", takesValue: true },
  contains_any_case: { label: "contains (any case)", takesValue: true },
  gt: { label: "is greater than", takesValue: true },
  lt: { label: "is less than", takesValue: true },
  exists: { label: "exists", takesValue: false },
  not_exists: { label: "does not exist", takesValue: false },
};

/** True when the operator compares with a value (all but exists / does not exist). */
export function opTakesValue(op: FilterOp): boolean {
  return FILTER_OP_INFO[op].takesValue;
}

export const ZPropertyFilterSchema = z.object({
  /** Dot path into the event, e.g. `properties.plan` or `traits.email`. */
  path: z.string().min(1),
  op: z.enum(FILTER_OPS),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
export type PropertyFilter = z.infer<typeof ZPropertyFilterSchema>;

export const DURATION_UNITS = ["seconds", "minutes", "hours", "days"] as const;
// Any finite amount parses so a draft with "0 minutes" can be saved; `validateGraph` rejects
// non-positive amounts with a message naming the node, which a schema error could not.
export const ZDurationSchema = z.object({
  amount: z.number(),
  unit: z.enum(DURATION_UNITS),
});
export type Duration = z.infer<typeof ZDurationSchema>;

/** Events named in settings: a name plus the same property filters triggers use. */
export const ZEventMatcherSchema = z.object({
  event: z.string(),
  filters: z.array(ZPropertyFilterSchema).default([]),
});
export type EventMatcher = z.infer<typeof ZEventMatcherSchema>;

/** Days of the week as until-time waits and quiet hours name them. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
