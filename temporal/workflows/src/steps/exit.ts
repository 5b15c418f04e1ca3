// The exit node: the run completes here.
import { RUN_GONE, type StepHandler } from "./run-state";

export const interpretExit: StepHandler<"exit"> = async (step, state) => {
  if (!(await state.record(step.id, step.kind, "exited"))) return RUN_GONE;
  return { end: "finished", status: "completed" };
};
