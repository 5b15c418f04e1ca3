// A yes / no branch on one condition.
import { evaluateCondition } from "./branch-condition";
import { RUN_GONE, type StepHandler } from "./run-state";

export const interpretBranch: StepHandler<"branch"> = async (step, state) => {
  const decision = await evaluateCondition(state, step.condition);
  const outcome = decision.result ? "yes" : "no";
  if (!(await state.record(step.id, step.kind, outcome, { predicates: decision.predicates }))) return RUN_GONE;
  return { next: decision.result ? step.yes : step.no };
};
