// Controls a person applies to a live run from the drill-down (runControlSignal): end it,
// continue now (cut the wait short), move it to another step of its plan. The signal handler
// only accepts a control; the loop applies it where the run can change course — right after
// the step it interrupted (a wait ends early for it) or at a step boundary while paused — and
// the step log gets a `run_control` row saying what happened. Behind RUN_CONTROLS_PATCH.
import { patched } from "@temporalio/workflow";
import type { PlanStep } from "@mailstream/journey/plan";
import type { RunControl } from "@mailstream/temporal-contracts";
import { RUN_CONTROLS_PATCH } from "../patches";
import { RUN_GONE, type RunState, type StepOutcome } from "./run-state";

/** The step kinds "continue now" can cut short. */
const WAIT_KINDS: ReadonlySet<string> = new Set([
  "wait",
  "wait_until_time",
  "wait_until_date",
  "wait_until_best_time",
  "wait_until_event",
]);

/** Kept small: enough to drop a retried signal, not a history-sized log. */
const MAX_SEEN_ACTIONS = 50;

export interface RunControls {
  /** A control waits to be applied: waits and pauses end early for it. */
  isPending(): boolean;
  /** The signal handler: takes a control signalled while the run is at `currentStepId`. */
  accept(control: RunControl, currentStepId: string | null): void;
  /** Applies the pending control (if any) to the outcome of the step the run was at. */
  applyPending(atStepId: string | null, outcome: StepOutcome, state: RunState): Promise<StepOutcome>;
}

/** Where "continue now" sends a cut-short wait: on, or an event wait's `timed out` outlet. */
function afterWait(step: PlanStep): string | null {
  if (step.kind === "wait_until_event") return step.timedOut;
  return "next" in step ? step.next : null;
}

export function createRunControls(): RunControls {
  const seen: string[] = [];
  let pending: RunControl | null = null;

  async function apply(control: RunControl, atStepId: string, outcome: StepOutcome, state: RunState) {
    const step = state.input.plan.steps[atStepId];
    const detail = { actionId: control.actionId, action: control.action, ...(control.by ? { by: control.by } : {}) };
    const record = (result: string, extra: Record<string, unknown> = {}) =>
      state.record(atStepId, "run_control", result, { ...detail, ...extra });
    // The step itself ended the run (or its row is gone): nothing is left to act on.
    if ("end" in outcome && outcome.end !== "exit-requested") return outcome;
    const wasCutShort = "end" in outcome;
    if (control.action === "end") {
      if (!(await record("ended"))) return RUN_GONE;
      return { end: "finished", status: "exited", reason: "ended by hand" } as const;
    }
    if (control.action === "move") {
      const to = control.toStepId;
      if (to === undefined || state.input.plan.steps[to] === undefined) {
        if (!(await record("refused", { to: to ?? null, why: "no such step in the run's plan" }))) return RUN_GONE;
        return wasCutShort && step ? { next: atStepId } : outcome;
      }
      if (!(await record("moved", { to }))) return RUN_GONE;
      if (wasCutShort) state.eventsSince = Date.now();
      return { next: to };
    }
    // continue: only a wait that was actually cut short moves on; a finished one already did.
    if (!wasCutShort || !step || !WAIT_KINDS.has(step.kind)) {
      if (!(await record("ignored", { why: "the run was not waiting" }))) return RUN_GONE;
      return wasCutShort ? { next: atStepId } : outcome;
    }
    if (!(await record("continued"))) return RUN_GONE;
    state.eventsSince = Date.now();
    return { next: afterWait(step) };
  }

  return {
    isPending: () => pending !== null,
    accept(control, currentStepId) {
      if (seen.includes(control.actionId)) return;
      // Asked when a control arrives: runs that never get one carry no marker.
      if (!patched(RUN_CONTROLS_PATCH)) return;
      seen.push(control.actionId);
      if (seen.length > MAX_SEEN_ACTIONS) seen.shift();
      // Only where the person saw the run: a late or repeated control after it moved on is moot.
      if (pending === null && currentStepId !== null && control.atStepId === currentStepId) pending = control;
    },
    async applyPending(atStepId, outcome, state) {
      const control = pending;
      pending = null;
      if (control === null || atStepId === null) return outcome;
      return apply(control, atStepId, outcome, state);
    },
  };
}
