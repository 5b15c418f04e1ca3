// The trigger node: the run's first step in the log, recorded once when the contact enters
// (a continued-as-new execution resumes past it). The plan's `trigger` is not a step kind.
// Since LEAN_ENTRY_PATCH the dispatcher writes it in the transaction that starts the run.
import { patched } from "@temporalio/workflow";
import { LEAN_ENTRY_PATCH } from "../patches";
import type { RunState } from "./run-state";

/** Records the entry; false when the run row is already gone. */
export async function enterRun(state: RunState): Promise<boolean> {
  const { plan, trigger } = state.input;
  if (state.input.entryRecorded && patched(LEAN_ENTRY_PATCH)) {
    state.skipRecorded();
    return true;
  }
  return state.record(plan.trigger.nodeId, "trigger", "entered", { event: trigger.event, eventId: trigger.eventId });
}
