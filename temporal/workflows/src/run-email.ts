// The email step. A send the activity defers (quiet hours, frequency cap; see
// activities/send-limits.ts) is a visible `deferred` step; the run sleeps until the given
// instant — cut short by an exit, the goal or a pause — then asks again. Plans without
// settings, and runs recorded before SETTINGS_PATCH, never pass limits, so never defer.
import { ActivityFailure, ApplicationFailure, condition, log, patched } from "@temporalio/workflow";
import type { PlanStep } from "@mailstream/journey/plan";
import type { SendEmailInput, SendEmailResult } from "@mailstream/activities";
import type { JourneyRunResult, StepResult } from "./journey-run";
import type { RunState } from "./run-kinds";

type EmailStep = Extract<PlanStep, { kind: "email" }>;

/** The limits a send honours: none for transactional email or a plan without any. */
function limitsFor(step: EmailStep, state: RunState): SendEmailInput["limits"] {
  const settings = state.input.plan.settings;
  if (!state.hasSettings || step.transactional || !settings) return undefined;
  if (!settings.quietHours && !settings.frequencyCap) return undefined;
  return { quietHours: settings.quietHours, frequencyCap: settings.frequencyCap, timeZone: settings.timeZone };
}

/** A deferral never retries sooner than this: an `until` already past (clock skew) must not spin. */
const MIN_DEFERRAL_MS = 1_000;
/**
 * Patch id of the minimum deferral: before it, an `until` already due (the worker's clock
 * behind the server's) asked again at once without a timer; histories recorded then replay so.
 */
export const MIN_DEFERRAL_PATCH = "min-deferral-v1";

/** Sleeps until `until` (epoch ms) or an end request; a pause stops the sleep and holds until un-paused. */
async function sleepDeferred(state: RunState, until: number): Promise<void> {
  const ms = Number.isFinite(until) ? until - Date.now() : 0;
  const isInterrupted = () => state.exitRequested() || state.isPaused();
  // Asked only when a deferral happens, so runs that never defer carry no marker.
  if (patched(MIN_DEFERRAL_PATCH)) await condition(isInterrupted, Math.max(ms, MIN_DEFERRAL_MS));
  else if (ms > 0) await condition(isInterrupted, ms);
  if (state.isPaused()) await condition(() => !state.isPaused() || state.exitRequested());
}

export async function interpretEmail(
  step: EmailStep,
  state: RunState,
  sendEmail: (input: SendEmailInput) => Promise<SendEmailResult>,
  endOnRequest: () => Promise<JourneyRunResult | "run-gone">,
): Promise<StepResult> {
  const { input } = state;
  const limits = limitsFor(step, state);
  for (;;) {
    let outcome: string;
    let detail: Record<string, unknown> = { templateId: step.templateId };
    try {
      const sent = await sendEmail({
        runId: input.runId, workspaceId: input.workspaceId, journeyId: input.journeyId, contactId: input.contactId,
        nodeId: step.id, templateId: step.templateId, trigger: input.trigger,
        ...(step.topicId !== undefined ? { topicId: step.topicId } : {}),
        ...(step.transactional ? { transactional: true } : {}),
        ...(state.hasSettings ? { matchedEvents: state.matchedEvents } : {}),
        ...(limits ? { limits } : {}),
      });
      if (sent.status === "deferred") {
        if (!(await state.record(step.id, step.kind, "deferred", { ...detail, rule: sent.rule, reason: sent.reason, until: sent.until }))) return { end: "run-gone" };
        await sleepDeferred(state, Date.parse(sent.until));
        if (state.exitRequested()) return { end: await endOnRequest() };
        continue;
      }
      outcome = sent.status;
      // A suppressed send keeps its message row and says why (only the step's detail changes: no new command).
      detail =
        sent.status === "skipped"
          ? { ...detail, reason: sent.reason }
          : { ...detail, messageId: sent.messageId, ...(sent.status === "suppressed" && sent.reason ? { reason: sent.reason } : {}) };
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      // A send that failed for good (bad address, missing template, retries exhausted)
      // is recorded as `failed` and the run moves on: one bad address or template must
      // not stall the journey or cancel the steps after it, and metrics count the failure.
      const cause = error.cause;
      outcome = "failed";
      detail = {
        ...detail,
        error: cause?.message ?? error.message,
        errorType: cause instanceof ApplicationFailure ? cause.type : cause?.name,
      };
      log.warn("email step failed", { runId: input.runId, nodeId: step.id, error: detail.error });
    }
    if (!(await state.record(step.id, step.kind, outcome, detail))) return { end: "run-gone" };
    return { next: step.next };
  }
}
