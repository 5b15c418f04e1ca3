// The exit node: the run completes here; it has no outlet.
import { z } from "zod";
import { defineNodeKind } from "./kind";

export const ZExitNodeDataSchema = z.object({
  kind: z.literal("exit"),
});
export type ExitNodeData = z.infer<typeof ZExitNodeDataSchema>;

export const ZPlanExitStepSchema = z.object({ kind: z.literal("exit"), id: z.string() });

export const exitKind = defineNodeKind<ExitNodeData, z.infer<typeof ZPlanExitStepSchema>>({
  kind: "exit",
  label: "Exit",
  staticOutlets: [],
  validate() {},
  compile: (_data, { id }) => ({ kind: "exit", id }),
});
