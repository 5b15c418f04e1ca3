// Evaluating one branch condition: the `evaluateBranch` activity reads fresh data (traits,
// event history, segments, engagement); shared by branch.ts and branch-cases.ts.
import { patched, proxyActivities } from "@temporalio/workflow";
import type { Activities, EvaluateBranchResult } from "@mailstream/activities";
import type { PlanCondition } from "@mailstream/journey/plan";
import { BRANCH_MATCHED_EVENT_PATCH } from "../patches";
import { DATA_ACTIVITY_OPTIONS } from "./activity-options";
import type { RunState } from "./run-state";

const { evaluateBranch } = proxyActivities<Activities>(DATA_ACTIVITY_OPTIONS);

/** Only conditions with matched-event rules carry the run's matched events. */
export function evaluateCondition(state: RunState, condition: PlanCondition): Promise<EvaluateBranchResult> {
  const { input } = state;
  const readsMatched = condition.groups.some((group) =>
    group.predicates.some((predicate) => predicate.type === "matched_event"),
  );
  return evaluateBranch({
    runId: input.runId,
    contactId: input.contactId,
    trigger: input.trigger,
    condition,
    ...(readsMatched && patched(BRANCH_MATCHED_EVENT_PATCH) ? { matchedEvents: state.matchedEvents } : {}),
  });
}
