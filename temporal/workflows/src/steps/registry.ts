// The step kinds journeyRun interprets: one handler per plan step kind (packages/journey's
// ZPlanStepSchema). The mapped type makes a plan kind without a handler a type error.
import type { PlanStep, PlanStepKind } from "@mailstream/journey/plan";
import { interpretBranch } from "./branch";
import { interpretBranchCases } from "./branch-cases";
import { interpretEmail } from "./email";
import { interpretExit } from "./exit";
import type { RunState, StepHandler, StepOutcome } from "./run-state";
import { interpretSplit } from "./split";
import { interpretUpdateContact } from "./update-contact";
import { interpretWait } from "./wait";
import { interpretWaitUntilBestTime } from "./wait-until-best-time";
import { interpretWaitUntilDate } from "./wait-until-date";
import { interpretWaitUntilEvent } from "./wait-until-event";
import { interpretWaitUntilTime } from "./wait-until-time";
import { interpretWebhook } from "./webhook";

export const STEP_HANDLERS: { [K in PlanStepKind]: StepHandler<K> } = {
  wait: interpretWait,
  wait_until_time: interpretWaitUntilTime,
  wait_until_date: interpretWaitUntilDate,
  wait_until_best_time: interpretWaitUntilBestTime,
  wait_until_event: interpretWaitUntilEvent,
  branch: interpretBranch,
  branch_cases: interpretBranchCases,
  split: interpretSplit,
  webhook: interpretWebhook,
  update_contact: interpretUpdateContact,
  email: interpretEmail,
  exit: interpretExit,
};

export function interpretStep(step: PlanStep, state: RunState): Promise<StepOutcome> {
  const handler = STEP_HANDLERS[step.kind] as StepHandler<PlanStepKind>;
  return handler(step, state);
}
