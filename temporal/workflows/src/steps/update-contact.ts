// Sets or unsets contact traits (Liquid values; activities/update-contact.ts). A permanent
// failure is recorded on the node and the run continues.
import { ActivityFailure, proxyActivities } from "@temporalio/workflow";
import type { Activities } from "@mailstream/activities";
import { DATA_ACTIVITY_OPTIONS } from "./activity-options";
import { failureDetail } from "./failure-detail";
import { RUN_GONE, type StepHandler } from "./run-state";

const { updateContact } = proxyActivities<Activities>(DATA_ACTIVITY_OPTIONS);

export const interpretUpdateContact: StepHandler<"update_contact"> = async (step, state) => {
  const { input } = state;
  let outcome: string;
  let detail: Record<string, unknown>;
  try {
    const result = await updateContact({
      journeyId: input.journeyId,
      contactId: input.contactId,
      trigger: input.trigger,
      matchedEvents: state.matchedEvents,
      updates: step.updates,
    });
    outcome = result.status;
    detail = { set: result.set, unset: result.unset };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    outcome = "failed";
    detail = failureDetail(error);
  }
  if (!(await state.record(step.id, step.kind, outcome, detail))) return RUN_GONE;
  return { next: step.next };
};
