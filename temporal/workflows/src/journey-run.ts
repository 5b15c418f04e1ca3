// The journey interpreter: one workflow per contact per run walks the compiled plan from
// `plan.entry`, recording each node it reaches (`run_steps`, deterministic `seq`), sleeping
// on durable timers and sending through the rate-limited `email` queue. Deterministic code
// only: imports are `@temporalio/workflow`, the contracts, pure journey types and activity
// *types*.
//
// Versioning: every change to how a plan is interpreted (step order, what gets recorded,
// activity options, new semantics for a step kind) goes behind `patched('<change-id>')`, and
// the replay test over `histories/*.json` must keep passing: runs already in flight replay
// the old path. Patches so far: `journey-settings-v1` (run-settings.ts) — goal and exit
// criteria end a run wherever it is, pause holds it at step boundaries, sends may be
// deferred by quiet hours / the frequency cap, until-event waits may match on the entry key;
// `min-deferral-v1` (run-email.ts) — a deferral already due still sleeps 1 s before asking again;
// `branch-matched-event-v1` (run-kinds.ts) — branch rules may read an earlier wait's matched event;
// `carry-inbox-v1` — continueAsNew hands the events in the inbox to the next execution.
// `split-winner-v1` (run-kinds.ts) — a split sends non-held-out contacts to its declared winner.
import { condition, continueAsNew, log, patched, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type { PlanStep } from "@mailstream/journey/plan";
import type { Activities, FinishedRunStatus } from "@mailstream/activities";
import {
  EMAIL_TASK_QUEUE,
  eventReceivedSignal,
  exitRunSignal,
  progressQuery,
  setPausedSignal,
  type EventReceived,
  type JourneyRunInput,
  type MatchedEvent,
  type RunProgress,
} from "@mailstream/temporal-contracts";
import { interpretEmail } from "./run-email";
import { interpretNewKind, type RunState } from "./run-kinds";
import { describeEnd, EXIT_CRITERION_NODE_ID, GOAL_NODE_ID, matchSettingsEvent, SETTINGS_PATCH, type EndRequest } from "./run-settings";

/**
 * Temporal caps a history at 50k events / 50 MB and replay slows long before that. One step
 * costs at most ~10 events, so 500 steps keep a history in the low thousands.
 */
const DEFAULT_STEPS_PER_HISTORY = 500;

/**
 * Patch id: continue-as-new carries the inbox. Before it, an event signalled while the run was
 * on the step before an until-event wait was lost when the history rolled over there.
 */
const CARRY_INBOX_PATCH = "carry-inbox-v1";

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

export type StepResult = { next: string | null } | { end: JourneyRunResult | "run-gone" };

export async function journeyRun(input: JourneyRunInput): Promise<JourneyRunResult> {
  const { plan, runId, journeyId } = input;
  // First, before any command: runs recorded without the marker keep the old semantics throughout.
  const hasSettings = patched(SETTINGS_PATCH);
  const { sendEmail } = proxyEmailActivities(input.options?.emailTaskQueue ?? EMAIL_TASK_QUEUE);
  const stepsPerHistory = input.options?.stepsPerHistory ?? DEFAULT_STEPS_PER_HISTORY;
  const triggeredAt = input.trigger.timestamp ? Date.parse(input.trigger.timestamp) : Number.NaN;
  /** Start of the goal window and of the events that count for goal / exit criteria. */
  const enteredAt = input.resume?.enteredAt ?? (Number.isFinite(triggeredAt) ? triggeredAt : workflowInfo().startTime.getTime());

  let progress: RunProgress = { currentNodeId: input.resume?.stepId ?? null, status: "active" };
  // The first reason to stop wins: a manual exit, the goal or an exit criterion.
  let endRequest: EndRequest | null = null;
  setHandler(exitRunSignal, ({ reason }) => {
    endRequest ??= { kind: "exit", reason: reason || "exit requested" };
  });
  let isPaused = hasSettings && input.resume?.paused === true;
  setHandler(setPausedSignal, ({ paused }) => {
    isPaused = hasSettings && paused;
    progress = { ...progress, isPaused };
  });
  setHandler(progressQuery, () => progress);
  // Events for until-event waits (run-kinds.ts), goal and exit criteria. Registering a signal
  // adds no commands, so old histories replay unchanged; duplicates (dispatcher retries) are
  // dropped by id.
  const inbox: EventReceived[] = [...(input.resume?.inbox ?? [])];
  const MAX_INBOX = 100;
  setHandler(eventReceivedSignal, (received) => {
    if (inbox.some((event) => event.eventId === received.eventId)) return;
    inbox.push(received);
    if (inbox.length > MAX_INBOX) inbox.shift();
    if (hasSettings) endRequest ??= matchSettingsEvent(plan, received, enteredAt, input.trigger.eventId);
  });
  const matchedEvents: Record<string, MatchedEvent> = { ...input.resume?.matchedEvents };

  let seq = input.resume?.seq ?? 0;
  /** Records the node; false when the run row is gone (contact/journey deleted). */
  async function record(nodeId: string, kind: string, outcome: string, detail?: Record<string, unknown>) {
    const { isRunPresent } = await recordStep({ runId, journeyId, seq: seq++, nodeId, kind, outcome, detail });
    return isRunPresent;
  }

  async function finish(status: FinishedRunStatus, reason?: string, convertedAt?: string): Promise<JourneyRunResult> {
    await finishRun({ runId, status, reason, ...(convertedAt ? { convertedAt } : {}) });
    progress = { currentNodeId: null, status };
    return reason === undefined ? { status } : { status, reason };
  }

  function runGone(): JourneyRunResult {
    log.warn("run row deleted; stopping", { runId });
    progress = { currentNodeId: null, status: "exited" };
    return { status: "exited", reason: "run was deleted" };
  }

  /** Ends the run for the pending request; a goal or exit criterion is also a step in the log. */
  async function endOnRequest(): Promise<JourneyRunResult | "run-gone"> {
    const request = endRequest as EndRequest;
    if (request.kind !== "exit") {
      const { event } = request;
      const detail = { eventId: event.eventId, event: event.event, timestamp: event.timestamp };
      const isPresent = request.kind === "goal"
        ? await record(GOAL_NODE_ID, "goal", "converted", detail)
        : await record(EXIT_CRITERION_NODE_ID, "exit_criterion", "exited", { ...detail, criterion: request.criterion });
      if (!isPresent) return "run-gone";
    }
    return request.kind === "goal" ? finish("completed", describeEnd(request), request.event.timestamp) : finish("exited", describeEnd(request));
  }

  const state: RunState = {
    input,
    record,
    hasSettings,
    exitRequested: () => endRequest !== null,
    isPaused: () => isPaused,
    inbox,
    matchedEvents,
    eventsSince: input.resume?.eventsSince ?? (Number.isFinite(triggeredAt) ? triggeredAt : workflowInfo().startTime.getTime()),
  };

  async function interpret(step: PlanStep): Promise<StepResult> {
    switch (step.kind) {
      case "wait": {
        if (!(await record(step.id, step.kind, "waiting", { durationMs: step.durationMs }))) return { end: "run-gone" };
        // A durable timer that an exit signal (goal, exit criterion) can cut short.
        const isExitRequested = await condition(() => endRequest !== null, step.durationMs);
        if (isExitRequested) return { end: await endOnRequest() };
        state.eventsSince = Date.now();
        return { next: step.next };
      }
      case "email":
        return interpretEmail(step, state, sendEmail, endOnRequest);
      case "exit": {
        if (!(await record(step.id, step.kind, "exited"))) return { end: "run-gone" };
        return { end: await finish("completed") };
      }
      default: {
        const result = await interpretNewKind(step, state);
        if ("next" in result) return result;
        if ("exit" in result) return { end: await endOnRequest() };
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
    if (endRequest !== null) {
      const ended = await endOnRequest();
      return ended === "run-gone" ? runGone() : ended;
    }
    if (stepsInHistory >= stepsPerHistory) {
      return continueAsNew<typeof journeyRun>({
        ...input,
        resume: {
          stepId,
          seq,
          eventsSince: state.eventsSince,
          ...(Object.keys(matchedEvents).length > 0 ? { matchedEvents } : {}),
          ...(inbox.length > 0 && patched(CARRY_INBOX_PATCH) ? { inbox } : {}),
          ...(hasSettings ? { enteredAt, paused: isPaused } : {}),
        },
      });
    }
    // A paused run holds here, between steps, until un-paused (or ended).
    if (isPaused) {
      progress = { currentNodeId: progress.currentNodeId, status: "active", isPaused: true };
      await condition(() => !isPaused || endRequest !== null);
      continue;
    }
    const step: PlanStep | undefined = plan.steps[stepId];
    if (!step) return finish("failed", `plan has no step "${stepId}"`);
    progress = { currentNodeId: step.id, status: "active", ...(hasSettings ? { isPaused: false } : {}) };
    stepsInHistory++;
    const result = await interpret(step);
    if ("end" in result) return result.end === "run-gone" ? runGone() : result.end;
    stepId = result.next;
  }
  return finish("completed");
}
