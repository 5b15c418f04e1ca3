// The email step: `sendEmail` runs on the rate-limited `email` task queue, tried first as a local
// activity (SEND_LOCAL_PATCH, email-send.ts). A send the activity
// defers (quiet hours, frequency cap; see activities/send-limits.ts) is a visible `deferred`
// step; the run sleeps until the given instant — cut short by an exit, the goal or a pause —
// then asks again. Plans without settings, and runs recorded before SETTINGS_PATCH, never pass
// limits, so never defer.
import { condition, log, patched } from "@temporalio/workflow";
import type { SendEmailInput } from "@mailstream/activities";
import { EMAIL_TASK_QUEUE } from "@mailstream/temporal-contracts";
import { LEAN_SEND_PATCH, MIN_DEFERRAL_PATCH, SEND_LOCAL_PATCH, WORKER_LEAN_PATCH } from "../patches";
import { sendEmailVia, sendFailureOf } from "./email-send";
import { EXIT_REQUESTED, RUN_GONE, type RunState, type StepHandler, type StepOf } from "./run-state";

/** The limits a send honours: none for transactional email or a plan without any. */
function limitsFor(step: StepOf<"email">, state: RunState): SendEmailInput["limits"] {
  const settings = state.input.plan.settings;
  if (!state.hasSettings || step.transactional || !settings) return undefined;
  if (!settings.quietHours && !settings.frequencyCap) return undefined;
  return { quietHours: settings.quietHours, frequencyCap: settings.frequencyCap, timeZone: settings.timeZone };
}

/**
 * The exit node right after this email, when the send may write it with the email step
 * (WORKER_LEAN_PATCH): not with a goal or exit criteria in force, whose events arriving during
 * the send must still be able to end the run their way.
 */
function exitAfter(step: StepOf<"email">, state: RunState): StepOf<"exit"> | null {
  const next = step.next === null ? undefined : state.input.plan.steps[step.next];
  if (next?.kind !== "exit") return null;
  const settings = state.hasSettings ? state.input.plan.settings : undefined;
  if (settings && (settings.goal !== null || settings.exitCriteria.length > 0)) return null;
  return next;
}

/** A deferral never retries sooner than this: an `until` already past (clock skew) must not spin. */
const MIN_DEFERRAL_MS = 1_000;

/** Sleeps until `until` (epoch ms) or an end request; a pause stops the sleep and holds until un-paused. */
async function sleepDeferred(state: RunState, until: number): Promise<void> {
  const ms = Number.isFinite(until) ? until - Date.now() : 0;
  const isInterrupted = () => state.exitRequested() || state.isPaused();
  // Asked only when a deferral happens, so runs that never defer carry no marker.
  if (patched(MIN_DEFERRAL_PATCH)) await condition(isInterrupted, Math.max(ms, MIN_DEFERRAL_MS));
  else if (ms > 0) await condition(isInterrupted, ms);
  if (state.isPaused()) await condition(() => !state.isPaused() || state.exitRequested());
}

export const interpretEmail: StepHandler<"email"> = async (step, state) => {
  const { input } = state;
  const limits = limitsFor(step, state);
  // The activity records the step with the hand-off; runs recorded before the patch record it here.
  const isLean = patched(LEAN_SEND_PATCH);
  // The send also ends the run at the exit after it; asked only where that applies.
  const exitStep = isLean ? exitAfter(step, state) : null;
  const isExitSent = exitStep !== null && patched(WORKER_LEAN_PATCH);
  // A local attempt first, the queued activity as fallback; runs recorded before it send queued only.
  const sendEmail = sendEmailVia(input.options?.emailTaskQueue ?? EMAIL_TASK_QUEUE, patched(SEND_LOCAL_PATCH));
  for (;;) {
    let outcome: string;
    let detail: Record<string, unknown> = { templateId: step.templateId };
    try {
      const sent = await sendEmail({
        runId: input.runId,
        workspaceId: input.workspaceId,
        journeyId: input.journeyId,
        contactId: input.contactId,
        nodeId: step.id,
        templateId: step.templateId,
        trigger: input.trigger,
        ...(step.topicId !== undefined ? { topicId: step.topicId } : {}),
        ...(step.transactional ? { transactional: true } : {}),
        ...(state.hasSettings ? { matchedEvents: state.matchedEvents } : {}),
        ...(limits ? { limits } : {}),
        ...(isLean ? { stepSeq: state.nextSeq() } : {}),
        ...(isExitSent ? { exitStep: { nodeId: exitStep.id } } : {}),
      });
      if (sent.status === "deferred") {
        if (
          !(await state.record(step.id, step.kind, "deferred", {
            ...detail,
            rule: sent.rule,
            reason: sent.reason,
            until: sent.until,
          }))
        )
          return RUN_GONE;
        await sleepDeferred(state, Date.parse(sent.until));
        if (state.exitRequested()) return EXIT_REQUESTED;
        continue;
      }
      // Recorded by the activity (an activity from before the patch answers without `isRunPresent`).
      if (sent.isRunPresent !== undefined) {
        state.skipRecorded();
        if (!sent.isRunPresent) return RUN_GONE;
        // The exit's step and the run's end came with it (an older activity answers without the flag).
        if (!sent.isExitRecorded) return { next: step.next };
        state.skipRecorded();
        return { end: "finished", status: "completed", isRecorded: true };
      }
      outcome = sent.status;
      // A suppressed send keeps its message row and says why (only the step's detail changes: no new command).
      detail =
        sent.status === "skipped"
          ? { ...detail, reason: sent.reason }
          : {
              ...detail,
              messageId: sent.messageId,
              ...(sent.status === "suppressed" && sent.reason ? { reason: sent.reason } : {}),
            };
    } catch (error) {
      const failure = sendFailureOf(error);
      if (!failure) throw error;
      // A send that failed for good (bad address, missing template, retries exhausted)
      // is recorded as `failed` and the run moves on: one bad address or template must
      // not stall the journey or cancel the steps after it, and metrics count the failure.
      outcome = "failed";
      detail = { ...detail, error: failure.message, errorType: failure.type };
      log.warn("email step failed", { runId: input.runId, nodeId: step.id, error: detail.error });
    }
    if (!(await state.record(step.id, step.kind, outcome, detail))) return RUN_GONE;
    return { next: step.next };
  }
};
