// The compiled plan: what a journey version stores and what the `journeyRun` workflow
// interprets. Immutable once published; a run is pinned to the plan it started with.
import { z } from "zod";
import { ZPropertyFilterSchema } from "./schema";

/** Bumped when the plan's shape changes; the workflow branches on it with `patched()`. */
export const PLAN_FORMAT = 1;

const ZNext = z.string().nullable();

export const ZPlanStepSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("wait"), id: z.string(), durationMs: z.number().int().positive(), next: ZNext }),
  z.object({ kind: z.literal("email"), id: z.string(), templateId: z.string(), next: ZNext }),
  z.object({ kind: z.literal("exit"), id: z.string() }),
]);
export type PlanStep = z.infer<typeof ZPlanStepSchema>;

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
