// A webhook call (Liquid-rendered URL, headers and body; activities/webhook.ts). A permanent
// failure (4xx, or retries exhausted) is recorded on the node and the run continues: a broken
// endpoint must not strand contacts.
import { ActivityFailure, log, proxyActivities } from "@temporalio/workflow";
import type { Activities } from "@mailstream/activities";
import type { JourneyRunInput } from "@mailstream/temporal-contracts";
import { failureDetail } from "./failure-detail";
import { RUN_GONE, type StepHandler } from "./run-state";

function proxyWebhook(input: JourneyRunInput) {
  return proxyActivities<Activities>({
    startToCloseTimeout: "30 seconds",
    retry: {
      initialInterval: input.options?.webhookRetryInitialIntervalMs ?? 2_000,
      backoffCoefficient: 2,
      maximumInterval: "10 minutes",
      maximumAttempts: input.options?.webhookMaximumAttempts ?? 8,
      nonRetryableErrorTypes: ["PermanentWebhookError"],
    },
  }).callWebhook;
}

export const interpretWebhook: StepHandler<"webhook"> = async (step, state) => {
  const { input } = state;
  const callWebhook = proxyWebhook(input);
  let outcome: string;
  let detail: Record<string, unknown> = { method: step.method, url: step.url };
  try {
    const response = await callWebhook({
      runId: input.runId,
      journeyId: input.journeyId,
      nodeId: step.id,
      contactId: input.contactId,
      trigger: input.trigger,
      matchedEvents: state.matchedEvents,
      request: step,
    });
    outcome = "called";
    detail = { ...detail, status: response.status };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    outcome = "failed";
    detail = { ...detail, ...failureDetail(error) };
    log.warn("webhook step failed", { runId: input.runId, nodeId: step.id, error: detail.error });
  }
  if (!(await state.record(step.id, step.kind, outcome, detail))) return RUN_GONE;
  return { next: step.next };
};
