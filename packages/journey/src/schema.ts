// The journey graph as the canvas edits it: nodes with positions and config, edges
// between outlets. This is the draft form; `compile()` turns a valid graph into a plan.
import { z } from "zod";

export const ZPropertyFilterSchema = z.object({
  /** Dot path into the event, e.g. `properties.plan` or `traits.email`. */
  path: z.string().min(1),
  op: z.enum(["eq", "neq", "exists", "not_exists", "contains", "gt", "lt"]),
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

export const ZTriggerNodeDataSchema = z.object({
  kind: z.literal("trigger"),
  event: z.string(),
  filters: z.array(ZPropertyFilterSchema).default([]),
});
export const ZWaitNodeDataSchema = z.object({
  kind: z.literal("wait"),
  duration: ZDurationSchema,
});
export const ZEmailNodeDataSchema = z.object({
  kind: z.literal("email"),
  templateId: z.string().nullable(),
});
export const ZExitNodeDataSchema = z.object({
  kind: z.literal("exit"),
});

export const ZNodeDataSchema = z.discriminatedUnion("kind", [
  ZTriggerNodeDataSchema,
  ZWaitNodeDataSchema,
  ZEmailNodeDataSchema,
  ZExitNodeDataSchema,
]);
export type NodeData = z.infer<typeof ZNodeDataSchema>;
export type NodeKind = NodeData["kind"];
export const NODE_KINDS = ["trigger", "wait", "email", "exit"] as const satisfies readonly NodeKind[];

/** Human name of each kind, used in validation messages and the canvas palette. */
export const NODE_KIND_LABELS: Record<NodeKind, string> = {
  trigger: "Trigger",
  wait: "Wait",
  email: "Email",
  exit: "Exit",
};

/**
 * Outlets (source handles) per kind. `null` is the single unnamed outlet; later kinds with
 * several outlets (branch `yes`/`no`, wait `matched`/`timed_out`) list their handle ids here.
 */
export const NODE_OUTLETS: Record<NodeKind, readonly (string | null)[]> = {
  trigger: [null],
  wait: [null],
  email: [null],
  exit: [],
};

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

export const ZJourneyGraphSchema = z.object({
  nodes: z.array(ZJourneyNodeSchema),
  edges: z.array(ZJourneyEdgeSchema),
});
export type JourneyGraph = z.infer<typeof ZJourneyGraphSchema>;
