// The exit node: the run completes here. Since END_WITH_STEP_PATCH the loop writes the exit
// step together with the run's end (one local activity); runs recorded before it record the
// step here and finish separately.
import { patched } from "@temporalio/workflow";
import { END_WITH_STEP_PATCH } from "../patches";
import { RUN_GONE, type StepHandler } from "./run-state";

export const interpretExit: StepHandler<"exit"> = async (step, state) => {
  if (patched(END_WITH_STEP_PATCH))
    return { end: "finished", status: "completed", finalStep: { nodeId: step.id, kind: step.kind, outcome: "exited" } };
  if (!(await state.record(step.id, step.kind, "exited"))) return RUN_GONE;
  return { end: "finished", status: "completed" };
};
