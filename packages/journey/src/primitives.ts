// Schema pieces several node kinds and the journey settings share: property filters,
// durations and event matchers.
import { z } from "zod";

export const FILTER_OPS = ["eq", "neq", "exists", "not_exists", "contains", "gt", "lt"] as const;
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
