// A wait for a duration: a durable timer that an end request (exit, goal, exit criterion) cuts short.
import { condition } from "@temporalio/workflow";
import { EXIT_REQUESTED, RUN_GONE, type StepHandler } from "./run-state";

export const interpretWait: StepHandler<"wait"> = async (step, state) => {
  if (!(await state.record(step.id, step.kind, "waiting", { durationMs: step.durationMs }))) return RUN_GONE;
  const isExitRequested = await condition(() => state.exitRequested(), step.durationMs);
  if (isExitRequested) return EXIT_REQUESTED;
  state.eventsSince = Date.now();
  return { next: step.next };
};
