// The trigger node: the run's first step in the log, recorded once when the contact enters
// (a continued-as-new execution resumes past it). The plan's `trigger` is not a step kind.
import type { RunState } from "./run-state";

/** Records the entry; false when the run row is already gone. */
export function enterRun(state: RunState): Promise<boolean> {
  const { plan, trigger } = state.input;
  return state.record(plan.trigger.nodeId, "trigger", "entered", { event: trigger.event, eventId: trigger.eventId });
}
