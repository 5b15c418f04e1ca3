// The journey graph as the canvas edits it: nodes with positions and config, edges
// between outlets. This is the draft form; `compile()` turns a valid graph into a plan.
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

export const TRIGGER_SOURCES = ["event", "segment"] as const;
/** once: a contact enters at most once ever; once_at_a_time: not while a run of theirs is active; every_time: each trigger. */
export const REENTRY_POLICIES = ["once", "once_at_a_time", "every_time"] as const;
export type ReentryPolicy = (typeof REENTRY_POLICIES)[number];

export const ZEntryRulesSchema = z.object({
  /** Default `every_time`: graphs saved before entry rules existed started a run per event. */
  reentry: z.enum(REENTRY_POLICIES).default("every_time"),
  /** Minimum time between two entries of the same contact (and entry key); absent = none. */
  cooldown: ZDurationSchema.optional(),
  /**
   * Dot path into the trigger event (e.g. `properties.cart_id`): the re-entry policy and cooldown
   * apply per (contact, key value), and until-event waits may match on it.
   */
  entryKey: z.string().optional(),
});
export type EntryRules = z.infer<typeof ZEntryRulesSchema>;

export const ZTriggerNodeDataSchema = z.object({
  kind: z.literal("trigger"),
  /** Absent means `event` (graphs saved before segment triggers existed). */
  source: z.enum(TRIGGER_SOURCES).optional(),
  event: z.string(),
  filters: z.array(ZPropertyFilterSchema).default([]),
  /** For `source: "segment"`: the segment whose entrants start the journey. */
  segmentId: z.string().optional(),
  /** Absent = every time, no cooldown, no entry key (graphs saved before entry rules existed). */
  entry: ZEntryRulesSchema.optional(),
});

// ---- Wait ------------------------------------------------------------------------------

export const WAIT_MODES = ["duration", "until_time", "until_date", "until_event"] as const;
export type WaitMode = (typeof WAIT_MODES)[number];
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Until a time of day (24h `HH:MM`) on one of the chosen weekdays, in the contact's zone. */
export const ZUntilTimeSchema = z.object({
  time: z.string(),
  /** Empty means "any day". */
  weekdays: z.array(z.enum(WEEKDAYS)).default([]),
});
export type UntilTime = z.infer<typeof ZUntilTimeSchema>;

/** Until a date read from a contact trait or the trigger event, shifted by `offset` (may be negative). */
export const ZUntilDateSchema = z.object({
  source: z.enum(["trait", "trigger"]),
  /** Trait name (`renewal_date`, dot paths allowed) or a path into the trigger event (`properties.starts_at`). */
  path: z.string(),
  offset: ZDurationSchema.default({ amount: 0, unit: "days" }),
});
export type UntilDate = z.infer<typeof ZUntilDateSchema>;

/** Until the contact performs an event (outlet `matched`), or `timeout` passes (outlet `timed_out`). */
export const ZUntilEventSchema = z.object({
  event: z.string(),
  filters: z.array(ZPropertyFilterSchema).default([]),
  /** Only count events whose entry-key value equals the run's (e.g. the same `cart_id`). */
  matchOnEntryKey: z.boolean().default(false),
  timeout: ZDurationSchema,
});
export type UntilEvent = z.infer<typeof ZUntilEventSchema>;

export const ZWaitNodeDataSchema = z.object({
  kind: z.literal("wait"),
  /** Absent means `duration` (graphs saved before modes existed). */
  mode: z.enum(WAIT_MODES).optional(),
  /** The pause in `duration` mode; kept in other modes so the form remembers it. */
  duration: ZDurationSchema,
  untilTime: ZUntilTimeSchema.optional(),
  untilDate: ZUntilDateSchema.optional(),
  untilEvent: ZUntilEventSchema.optional(),
});
export type WaitNodeData = z.infer<typeof ZWaitNodeDataSchema>;

export const WAIT_EVENT_OUTLETS = ["matched", "timed_out"] as const;

// ---- Email / exit ------------------------------------------------------------------------

export const ZEmailNodeDataSchema = z.object({
  kind: z.literal("email"),
  templateId: z.string().nullable(),
  /** Subscription topic the email belongs to; contacts who left it are skipped. Null = the workspace's general marketing list. */
  topicId: z.string().nullable().optional(),
  /** Transactional emails (receipts, password resets) bypass subscription topics, frequency cap and quiet hours. */
  transactional: z.boolean().optional(),
});
export const ZExitNodeDataSchema = z.object({
  kind: z.literal("exit"),
});

// ---- Branch ------------------------------------------------------------------------------

export const COUNT_COMPARISONS = ["at_least", "at_most", "exactly"] as const;
export const ENGAGEMENT_ACTIONS = ["opened", "clicked"] as const;

export const ZPredicateSchema = z.discriminatedUnion("type", [
  /** A contact trait (`path` is the trait name or a dot path inside traits). */
  z.object({ type: z.literal("trait"), path: z.string(), op: z.enum(FILTER_OPS), value: z.union([z.string(), z.number(), z.boolean()]).optional() }),
  /** The event that started the run (`path` like `properties.total`). */
  z.object({ type: z.literal("trigger"), path: z.string(), op: z.enum(FILTER_OPS), value: z.union([z.string(), z.number(), z.boolean()]).optional() }),
  /** "performed `event` [with filters] at least|at most|exactly `count` times within `within`". */
  z.object({
    type: z.literal("event_count"),
    event: z.string(),
    filters: z.array(ZPropertyFilterSchema).default([]),
    comparison: z.enum(COUNT_COMPARISONS),
    count: z.number(),
    within: ZDurationSchema,
  }),
  /** "has not performed `event` [with filters] since entering the journey". */
  z.object({ type: z.literal("not_performed_since_entry"), event: z.string(), filters: z.array(ZPropertyFilterSchema).default([]) }),
  /** Engagement with an email sent earlier in this run by email node `nodeId`. */
  z.object({ type: z.literal("email_engagement"), nodeId: z.string(), action: z.enum(ENGAGEMENT_ACTIONS) }),
  /** Membership of a segment, read fresh when the branch is evaluated. */
  z.object({ type: z.literal("segment"), segmentId: z.string(), isMember: z.boolean().default(true) }),
  /**
   * The event an earlier until-event wait (`nodeId`) matched, `path` like `properties.total`.
   * After that wait timed out there is no such event: every path reads as missing.
   */
  z.object({ type: z.literal("matched_event"), nodeId: z.string(), path: z.string(), op: z.enum(FILTER_OPS), value: z.union([z.string(), z.number(), z.boolean()]).optional() }),
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

// ---- Split -------------------------------------------------------------------------------

export const ZSplitVariantSchema = z.object({
  /** Also the outlet (edge `sourceHandle`) of the variant. */
  id: z.string().min(1),
  name: z.string(),
  /** Share of the non-hold-out contacts, percent; variants sum to 100. */
  weight: z.number(),
});
/** What an automatic winner is judged on: the journey goal, or engagement with the emails after the split. */
export const SPLIT_WINNER_METRICS = ["goal_conversion", "open_rate", "click_rate"] as const;
export type SplitWinnerMetric = (typeof SPLIT_WINNER_METRICS)[number];
/**
 * Guardrails on the winner's unsubscribe and complaint rates: `relative` blocks a winner whose
 * rate exceeds the other variants' by more than `maxIncrease` (0.25 = 25% worse), `absolute`
 * one above the fixed caps.
 */
export const ZSplitGuardrailsSchema = z.object({
  mode: z.enum(["relative", "absolute"]).default("relative"),
  maxIncrease: z.number().default(0.25),
  maxUnsubscribeRate: z.number().default(0.02),
  maxComplaintRate: z.number().default(0.003),
});
export const ZSplitAutoWinnerSchema = z.object({
  /** Off by default: a person declares winners unless the journey opts in. */
  enabled: z.boolean().default(false),
  metric: z.enum(SPLIT_WINNER_METRICS).default("goal_conversion"),
  /** 1 − the chance of ever declaring a winner between equal variants (sequential test). */
  confidence: z.number().default(0.95),
  minSamplePerArm: z.number().default(200),
  guardrails: ZSplitGuardrailsSchema.default({ mode: "relative", maxIncrease: 0.25, maxUnsubscribeRate: 0.02, maxComplaintRate: 0.003 }),
});
export type SplitAutoWinner = z.infer<typeof ZSplitAutoWinnerSchema>;
export const DEFAULT_SPLIT_AUTO_WINNER: SplitAutoWinner = ZSplitAutoWinnerSchema.parse({});

export const ZSplitNodeDataSchema = z.object({
  kind: z.literal("split"),
  variants: z.array(ZSplitVariantSchema),
  /** Percent of contacts held out (they exit, recorded as `holdout`); 0 = none. */
  holdoutPercent: z.number().default(0),
  /** Optional automatic winner; once declared, later contacts (not the hold-out) take it. */
  autoWinner: ZSplitAutoWinnerSchema.optional(),
});
export type SplitVariant = z.infer<typeof ZSplitVariantSchema>;

// ---- Webhook / update contact ------------------------------------------------------------

export const WEBHOOK_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export const ZWebhookNodeDataSchema = z.object({
  kind: z.literal("webhook"),
  method: z.enum(WEBHOOK_METHODS).default("POST"),
  url: z.string(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  /** Liquid over `{ contact, event, journey, matchedEvents }`; ignored for GET. */
  body: z.string().default(""),
});

export const TRAIT_VALUE_TYPES = ["text", "number", "boolean"] as const;
export const ZTraitUpdateSchema = z.discriminatedUnion("op", [
  /** `value` is Liquid (a literal is a template without tags), rendered then coerced to `as`. */
  z.object({ op: z.literal("set"), trait: z.string(), value: z.string(), as: z.enum(TRAIT_VALUE_TYPES).default("text") }),
  z.object({ op: z.literal("unset"), trait: z.string() }),
]);
export type TraitUpdate = z.infer<typeof ZTraitUpdateSchema>;
export const ZUpdateContactNodeDataSchema = z.object({
  kind: z.literal("update_contact"),
  updates: z.array(ZTraitUpdateSchema),
});

// ---- Union -------------------------------------------------------------------------------

export const ZNodeDataSchema = z.discriminatedUnion("kind", [
  ZTriggerNodeDataSchema,
  ZWaitNodeDataSchema,
  ZEmailNodeDataSchema,
  ZExitNodeDataSchema,
  ZBranchNodeDataSchema,
  ZSplitNodeDataSchema,
  ZWebhookNodeDataSchema,
  ZUpdateContactNodeDataSchema,
]);
export type NodeData = z.infer<typeof ZNodeDataSchema>;
export type NodeKind = NodeData["kind"];
export const NODE_KINDS = [
  "trigger",
  "wait",
  "email",
  "branch",
  "split",
  "webhook",
  "update_contact",
  "exit",
] as const satisfies readonly NodeKind[];

/** Human name of each kind, used in validation messages and the canvas palette. */
export const NODE_KIND_LABELS: Record<NodeKind, string> = {
  trigger: "Trigger",
  wait: "Wait",
  email: "Email",
  branch: "Branch",
  split: "Split",
  webhook: "Webhook",
  update_contact: "Update contact",
  exit: "Exit",
};

/**
 * Static outlets (source handles) per kind. `null` is the single unnamed outlet. Kinds whose
 * outlets depend on config (wait until event: `matched`/`timed_out`; split: its variant ids)
 * are resolved by `nodeOutlets(data)`, which is what validation and the canvas should use.
 */
export const NODE_OUTLETS: Record<NodeKind, readonly (string | null)[]> = {
  trigger: [null],
  wait: [null],
  email: [null],
  branch: BRANCH_OUTLETS,
  split: [],
  webhook: [null],
  update_contact: [null],
  exit: [],
};

/** The outlets this node offers given its config. */
export function nodeOutlets(data: NodeData): readonly (string | null)[] {
  if (data.kind === "wait" && data.mode === "until_event") return WAIT_EVENT_OUTLETS;
  if (data.kind === "split") return data.variants.map((variant) => variant.id);
  if (data.kind === "branch" && data.cases && data.cases.length > 0) return [...data.cases.map((c) => c.id), BRANCH_ELSE_OUTLET];
  return NODE_OUTLETS[data.kind];
}

export const ZJourneyNodeSchema = z.object({
  id: z.string().min(1),
  position: z.object({ x: z.number(), y: z.number() }),
  data: ZNodeDataSchema,
});
export type JourneyNode = z.infer<typeof ZJourneyNodeSchema>;

export const ZJourneyEdgeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  target: z.string().min(1),
  /** Outlet on the source node; null for nodes with a single outlet. */
  sourceHandle: z.string().nullable().default(null),
});
export type JourneyEdge = z.infer<typeof ZJourneyEdgeSchema>;

// ---- Journey settings ------------------------------------------------------------------

/** Events named in settings: a name plus the same property filters triggers use. */
export const ZEventMatcherSchema = z.object({
  event: z.string(),
  filters: z.array(ZPropertyFilterSchema).default([]),
});
export type EventMatcher = z.infer<typeof ZEventMatcherSchema>;

export const ZJourneySettingsSchema = z.object({
  /** Conversion: the goal event within `window` of entry counts a conversion and ends the run early. */
  goal: ZEventMatcherSchema.extend({ window: ZDurationSchema }).nullable().default(null),
  /** Events that stop the run wherever it is (recorded as exited with the criterion). */
  exitCriteria: z.array(ZEventMatcherSchema).default([]),
  /** Sends falling inside [start, end) (24h `HH:MM`, contact's zone; may wrap midnight) wait for `end`. */
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable().default(null),
  /** At most `maxEmails` emails per contact per `period`, across all journeys; a capped send is deferred. */
  frequencyCap: z.object({ maxEmails: z.number(), period: ZDurationSchema }).nullable().default(null),
  /** Zone for contacts without a `timezone` trait (IANA name). */
  timeZone: z.string().default("UTC"),
});
export type JourneySettings = z.infer<typeof ZJourneySettingsSchema>;
export const DEFAULT_JOURNEY_SETTINGS: JourneySettings = ZJourneySettingsSchema.parse({});

export const ZJourneyGraphSchema = z.object({
  nodes: z.array(ZJourneyNodeSchema),
  edges: z.array(ZJourneyEdgeSchema),
  /** Absent in graphs saved before settings existed: the defaults apply. */
  settings: ZJourneySettingsSchema.optional(),
});
export type JourneyGraph = z.infer<typeof ZJourneyGraphSchema>;
