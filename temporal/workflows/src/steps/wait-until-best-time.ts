// A wait until the contact's best send time: the next occurrence (within 24 h) of the hour they
// open and click most, in their zone; the workspace's hour or the step's fallback time when
// their history is too thin. The activity picks the instant; the history records it.
import { patched } from "@temporalio/workflow";
import { BEST_TIME_WAIT_PATCH } from "../patches";
import type { StepHandler } from "./run-state";
import { interpretWaitUntil } from "./wait-until";

export const interpretWaitUntilBestTime: StepHandler<"wait_until_best_time"> = (step, state) => {
  // A new step kind: no earlier history reaches here, so the marker only dates the runs that did.
  patched(BEST_TIME_WAIT_PATCH);
  return interpretWaitUntil(step, state, {
    kind: step.kind,
    fallbackTime: step.fallbackTime,
    fallbackTimeZone: step.fallbackTimeZone,
  });
};
