// An A/B/n split: a stable hash of (contact, node) picks the variant or the hold-out; once a
// winner is declared (packages/core/src/experiments/experiments.ts), everyone not held out goes to it, so
// the lift over the hold-out stays measurable.
import { patched, proxyLocalActivities } from "@temporalio/workflow";
import type { Activities } from "@mailstream/activities";
import { assignSplit } from "@mailstream/journey/split";
import { SPLIT_WINNER_PATCH } from "../patches";
import { LOCAL_READ_WRITE_OPTIONS } from "./activity-options";
import { RUN_GONE, type StepHandler } from "./run-state";

// One indexed read per contact at a split: a local activity, like the step bookkeeping.
const { findSplitWinner } = proxyLocalActivities<Activities>(LOCAL_READ_WRITE_OPTIONS);

export const interpretSplit: StepHandler<"split"> = async (step, state) => {
  const assignment = assignSplit(state.input.contactId, step.id, step.variants, step.holdoutPercent);
  if (assignment.holdout) {
    if (!(await state.record(step.id, step.kind, "holdout", { bucket: assignment.bucket }))) return RUN_GONE;
    return { end: "finished", status: "exited", reason: "holdout" };
  }
  let variantId = assignment.variantId;
  let detail: Record<string, unknown> = { bucket: assignment.bucket };
  // Runs that reached a split before the patch keep hashing on replay.
  if (patched(SPLIT_WINNER_PATCH)) {
    const { winner } = await findSplitWinner({ journeyId: state.input.journeyId, nodeId: step.id });
    // A winner from another version's variants (renamed, removed) does not apply: hash as before.
    if (winner && step.variants.some((candidate) => candidate.id === winner.variantId)) {
      variantId = winner.variantId;
      detail = { ...detail, routedBy: "winner", hashedVariantId: assignment.variantId, winner };
    }
  }
  const variant = step.variants.find((candidate) => candidate.id === variantId);
  if (!(await state.record(step.id, step.kind, variantId, detail))) return RUN_GONE;
  return { next: variant?.next ?? null };
};
