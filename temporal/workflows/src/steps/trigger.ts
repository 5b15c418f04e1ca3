// The trigger node: the run's first step in the log, recorded once when the contact enters
// (a continued-as-new execution resumes past it). The plan's `trigger` is not a step kind.
// Since LEAN_ENTRY_PATCH the dispatcher writes it in the transaction that starts the run.
import { patched } from "@temporalio/workflow";
import { LEAN_ENTRY_PATCH } from "../patches";
import type { RunState } from "./run-state";

/**
 * True when the dispatcher wrote the entry (the seq is taken, nothing to record). Synchronous,
 * so the common path makes no promise (each costs the SDK's stack-trace hook a captured stack).
 */
export function isEntryRecorded(state: RunState): boolean {
  if (!(state.input.entryRecorded && patched(LEAN_ENTRY_PATCH))) return false;
  state.skipRecorded();
  return true;
}

/** Records the entry (when `isEntryRecorded` said no); false when the run row is already gone. */
export async function enterRun(state: RunState): Promise<boolean> {
  const { plan, trigger } = state.input;
  return state.record(plan.trigger.nodeId, "trigger", "entered", { event: trigger.event, eventId: trigger.eventId });
}
