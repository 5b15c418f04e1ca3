// The journey interpreter: one workflow per contact per run walks the compiled plan from
// `plan.entry`, recording each node it reaches (`run_steps`, deterministic `seq`), sleeping
// on durable timers and sending through the rate-limited `email` queue. Deterministic code
// only: imports are `@temporalio/workflow`, the contracts, pure journey types and activity
// *types*.
//
// Versioning: this is interpretation v1 and nothing is patched yet. Every later change to
// how a plan is interpreted (step order, what gets recorded, activity options, new
// semantics for a step kind) goes behind `patched('<change-id>')`, and the replay test over
// `histories/*.json` must keep passing: runs already in flight replay the old path.
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from "@temporalio/workflow";
import type { PlanStep } from "@mailstream/journey/plan";
import type { Activities, FinishedRunStatus } from "../activities";
import {
  EMAIL_TASK_QUEUE,
  eventReceivedSignal,
  exitRunSignal,
  progressQuery,
  type EventReceived,
  type JourneyRunInput,
  type MatchedEvent,
  type RunProgress,
} from "../contracts";
import { interpretNewKind, type RunState } from "./run-kinds";

/**
 * Temporal caps a history at 50k events / 50 MB and replay slows long before that. One step
 * costs at most ~10 events, so 500 steps keep a history in the low thousands.
 */
const DEFAULT_STEPS_PER_HISTORY = 500;

export interface JourneyRunResult {
  status: FinishedRunStatus;
  reason?: string;
}

// Run bookkeeping retries without limit: the writes are idempotent, and a Postgres outage
// should pause runs (visible in the Temporal UI), not lose them. They are local activities:
// one short Postgres write each, run inside the workflow task, so a step costs no extra
// task-queue round trip (measured: ~4x fewer history events per run, see bench/).
const { recordStep, finishRun } = proxyLocalActivities<Activities>({
  startToCloseTimeout: "30 seconds",
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute" },
});

function proxyEmailActivities(taskQueue: string) {
  return proxyActivities<Activities>({
    taskQueue,
    startToCloseTimeout: "1 minute",
    // ~1 hour of backoff for transient provider/DB trouble; the name matches the type the
    // activity throws for failures retrying cannot fix (missing template, bad address).
    retry: {
      initialInterval: "1 second",
      backoffCoefficient: 2,
      maximumInterval: "5 minutes",
      maximumAttempts: 20,
      nonRetryableErrorTypes: ["PermanentSendError"],
    },
  });
}

type StepResult = { next: string | null } | { end: JourneyRunResult | "run-gone" };

export async function journeyRun(input: JourneyRunInput): Promise<JourneyRunResult> {
  const { plan, runId, journeyId } = input;
  const { sendEmail } = proxyEmailActivities(input.options?.emailTaskQueue ?? EMAIL_TASK_QUEUE);
  const stepsPerHistory = input.options?.stepsPerHistory ?? DEFAULT_STEPS_PER_HISTORY;

  let progress: RunProgress = { currentNodeId: input.resume?.stepId ?? null, status: "active" };
  let exitReason: string | null = null;
  setHandler(exitRunSignal, ({ reason }) => {
    exitReason ??= reason || "exit requested";
  });
  setHandler(progressQuery, () => progress);
  // Events for until-event waits (run-kinds.ts). Registering a signal adds no commands, so
  // v1 histories replay unchanged; duplicates (dispatcher retries) are dropped by id.
  const inbox: EventReceived[] = [];
  const MAX_INBOX = 100;
  setHandler(eventReceivedSignal, (received) => {
    if (inbox.some((event) => event.eventId === received.eventId)) return;
    inbox.push(received);
    if (inbox.length > MAX_INBOX) inbox.shift();
  });
  const matchedEvents: Record<string, MatchedEvent> = { ...input.resume?.matchedEvents };

  let seq = input.resume?.seq ?? 0;
  /** Records the node; false when the run row is gone (contact/journey deleted). */
  async function record(nodeId: string, kind: string, outcome: string, detail?: Record<string, unknown>) {
    const { isRunPresent } = await recordStep({ runId, journeyId, seq: seq++, nodeId, kind, outcome, detail });
    return isRunPresent;
  }

  async function finish(status: FinishedRunStatus, reason?: string): Promise<JourneyRunResult> {
    await finishRun({ runId, status, reason });
    progress = { currentNodeId: null, status };
    return reason === undefined ? { status } : { status, reason };
  }

  function runGone(): JourneyRunResult {
    log.warn("run row deleted; stopping", { runId });
    progress = { currentNodeId: null, status: "exited" };
    return { status: "exited", reason: "run was deleted" };
  }

  const triggeredAt = input.trigger.timestamp ? Date.parse(input.trigger.timestamp) : Number.NaN;
  const state: RunState = {
    input,
    record,
    exitRequested: () => exitReason !== null,
    inbox,
    matchedEvents,
    eventsSince: input.resume?.eventsSince ?? (Number.isFinite(triggeredAt) ? triggeredAt : workflowInfo().startTime.getTime()),
  };

  async function interpret(step: PlanStep): Promise<StepResult> {
    switch (step.kind) {
      case "wait": {
        if (!(await record(step.id, step.kind, "waiting", { durationMs: step.durationMs }))) return { end: "run-gone" };
        // A durable timer that an exit signal can cut short.
        const isExitRequested = await condition(() => exitReason !== null, step.durationMs);
        if (isExitRequested) return { end: await finish("exited", exitReason ?? undefined) };
        state.eventsSince = Date.now();
        return { next: step.next };
      }
      case "email": {
        let outcome: string;
        let detail: Record<string, unknown> = { templateId: step.templateId };
        try {
          const sent = await sendEmail({
            runId, workspaceId: input.workspaceId, journeyId, contactId: input.contactId,
            nodeId: step.id, templateId: step.templateId, trigger: input.trigger,
          });
          outcome = sent.status;
          detail = sent.status === "skipped" ? { ...detail, reason: sent.reason } : { ...detail, messageId: sent.messageId };
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
          log.warn("email step failed", { runId, nodeId: step.id, error: detail.error });
        }
        if (!(await record(step.id, step.kind, outcome, detail))) return { end: "run-gone" };
        return { next: step.next };
      }
      case "exit": {
        if (!(await record(step.id, step.kind, "exited"))) return { end: "run-gone" };
        return { end: await finish("completed") };
      }
      default: {
        const result = await interpretNewKind(step, state);
        if ("next" in result) return result;
        if ("exit" in result) return { end: await finish("exited", exitReason ?? undefined) };
        if (result.end === "holdout") return { end: await finish("exited", "holdout") };
        return { end: "run-gone" };
      }
    }
  }

  if (!input.resume) {
    const isRunPresent = await record(plan.trigger.nodeId, "trigger", "entered", {
      event: input.trigger.event,
      eventId: input.trigger.eventId,
    });
    if (!isRunPresent) return runGone();
  }

  let stepId: string | null = input.resume?.stepId ?? plan.entry;
  let stepsInHistory = 0;
  while (stepId !== null) {
    // Step boundary: an exit requested during a send takes effect here.
    if (exitReason !== null) return finish("exited", exitReason);
    if (stepsInHistory >= stepsPerHistory) {
      return continueAsNew<typeof journeyRun>({ ...input, resume: { stepId, seq, eventsSince: state.eventsSince, ...(Object.keys(matchedEvents).length > 0 ? { matchedEvents } : {}) } });
    }
    const step: PlanStep | undefined = plan.steps[stepId];
    if (!step) return finish("failed", `plan has no step "${stepId}"`);
    progress = { currentNodeId: step.id, status: "active" };
    stepsInHistory++;
    const result = await interpret(step);
    if ("end" in result) return result.end === "run-gone" ? runGone() : result.end;
    stepId = result.next;
  }
  return finish("completed");
}
