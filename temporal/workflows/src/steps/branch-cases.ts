// A branch with several cases + else (recorded as kind `branch`). Cases are evaluated in order,
// each by its own activity, stopping at the first that holds: the history shows exactly which
// conditions were read to reach the decision.
import { evaluateCondition } from "./branch-condition";
import { RUN_GONE, type StepHandler } from "./run-state";

export const interpretBranchCases: StepHandler<"branch_cases"> = async (step, state) => {
  const evaluated: { caseId: string; predicates: unknown }[] = [];
  for (const branchCase of step.cases) {
    const decision = await evaluateCondition(state, branchCase.condition);
    evaluated.push({ caseId: branchCase.id, predicates: decision.predicates });
    if (decision.result) {
      if (!(await state.record(step.id, "branch", branchCase.id, { cases: evaluated }))) return RUN_GONE;
      return { next: branchCase.next };
    }
  }
  if (!(await state.record(step.id, "branch", "else", { cases: evaluated }))) return RUN_GONE;
  return { next: step.else };
};
