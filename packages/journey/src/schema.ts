// The journey graph as the canvas edits it: nodes with positions and config, edges
// between outlets. This is the draft form; `compile()` turns a valid graph into a plan.
// Each node kind's config lives in kinds/<kind>.ts; this module re-exports them.
import { z } from "zod";
import { kindOf, NODE_KIND_DEFINITIONS, ZNodeDataSchema, type NodeData, type NodeKind } from "./kinds/registry";
import { ZDurationSchema, ZEventMatcherSchema } from "./primitives";

export * from "./primitives";
export * from "./kinds/trigger";
export * from "./kinds/wait";
export * from "./kinds/email";
export * from "./kinds/exit";
export * from "./kinds/branch";
export * from "./kinds/split";
export * from "./kinds/webhook";
export * from "./kinds/update-contact";
export * from "./kinds/note";
export { ZNodeDataSchema, type NodeData, type NodeKind };

export const NODE_KINDS = Object.keys(NODE_KIND_DEFINITIONS) as readonly NodeKind[];

/** Human name of each kind, used in validation messages and the canvas palette. */
export const NODE_KIND_LABELS = Object.fromEntries(
  NODE_KINDS.map((kind) => [kind, NODE_KIND_DEFINITIONS[kind].label]),
) as Record<NodeKind, string>;

/**
 * The outlets (source handles) this node offers given its config; `null` is the single unnamed
 * outlet. Wait-until-event nodes offer `matched` / `timed_out`, splits their variant ids.
 */
export function nodeOutlets(data: NodeData): readonly (string | null)[] {
  const definition = kindOf(data);
  return definition.outlets ? definition.outlets(data) : definition.staticOutlets;
}

/** Whether the node is a remark on the canvas (a sticky note) rather than a step of the journey. */
export function isAnnotation(data: NodeData): boolean {
  return kindOf(data).isAnnotation === true;
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
