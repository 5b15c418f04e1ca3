// The journey interpreter: one workflow per contact per run walks the compiled plan from
// `plan.entry`. This file is the loop — signals and the progress query, the step bookkeeping
// (`run_steps`, deterministic `seq`), ending a run, pausing between steps, continue-as-new;
// what each step kind does lives in steps/<kind>.ts, reached through steps/registry.ts.
// Deterministic code only: imports are `@temporalio/workflow`, the contracts, pure journey code
// and activity *types*. Every change to interpretation goes behind a patch listed in patches.ts.
import {
  condition,
  continueAsNew,
  log,
  patched,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from "@temporalio/workflow";
import type { Activities, FinishedRunStatus } from "@mailstream/activities";
import type { PlanStep } from "@mailstream/journey/plan";
import {
  eventReceivedSignal,
  exitRunSignal,
  progressQuery,
  runControlSignal,
  setPausedSignal,
  type EventReceived,
  type JourneyRunInput,
  type MatchedEvent,
  type RunProgress,
} from "@mailstream/temporal-contracts";
import { ENDED_BY_MIGRATION, handleRunMigration } from "./migrate-run";
import { CARRY_INBOX_PATCH, SETTINGS_PATCH } from "./patches";
import { describeEnd, EXIT_CRITERION_NODE_ID, GOAL_NODE_ID, matchSettingsEvent, type EndRequest } from "./run-settings";
import { LOCAL_READ_WRITE_OPTIONS } from "./steps/activity-options";
import { interpretStep } from "./steps/registry";
import { createRunControls } from "./steps/run-controls";
import type { RunState } from "./steps/run-state";
import { enterRun, isEntryRecorded } from "./steps/trigger";

/**
 * Temporal caps a history at 50k events / 50 MB and replay slows long before that. One step
 * costs at most ~10 events, so 500 steps keep a history in the low thousands.
 */
const DEFAULT_STEPS_PER_HISTORY = 500;

/** Signalled events kept for until-event waits; older ones drop off. */
const MAX_INBOX = 100;

export interface JourneyRunResult {
  status: FinishedRunStatus;
  reason?: string;
}

// Run bookkeeping: local activities that retry without limit (steps/activity-options.ts).
const { recordStep, endRun, finishRun } = proxyLocalActivities<Activities>(LOCAL_READ_WRITE_OPTIONS);

export async function journeyRun(input: JourneyRunInput): Promise<JourneyRunResult> {
  const { plan, runId, journeyId } = input;
  // First, before any command: runs recorded without the marker keep the old semantics throughout.
  const hasSettings = patched(SETTINGS_PATCH);
  const stepsPerHistory = input.options?.stepsPerHistory ?? DEFAULT_STEPS_PER_HISTORY;
  const triggeredAt = input.trigger.timestamp ? Date.parse(input.trigger.timestamp) : Number.NaN;
  /** Start of the goal window and of the events that count for goal / exit criteria. */
  const enteredAt =
    input.resume?.enteredAt ?? (Number.isFinite(triggeredAt) ? triggeredAt : workflowInfo().startTime.getTime());

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
  // End / continue now / move from the drill-down (steps/run-controls.ts, RUN_CONTROLS_PATCH).
  const controls = createRunControls();
  setHandler(runControlSignal, (control) => controls.accept(control, progress.currentNodeId));
  // Events for until-event waits (steps/wait-until-event.ts), goal and exit criteria. Registering
  // a signal adds no commands, so old histories replay unchanged; duplicates (dispatcher
  // retries) are dropped by id.
  const inbox: EventReceived[] = [...(input.resume?.inbox ?? [])];
  setHandler(eventReceivedSignal, (received) => {
    if (inbox.some((event) => event.eventId === received.eventId)) return;
    inbox.push(received);
    if (inbox.length > MAX_INBOX) inbox.shift();
    if (hasSettings) endRequest ??= matchSettingsEvent(plan, received, enteredAt, input.trigger.eventId);
  });
  const matchedEvents: Record<string, MatchedEvent> = { ...input.resume?.matchedEvents };
  // Republish with "move": a request stops waits like an end request; the loop acts on it.
  const migration = handleRunMigration(input);

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

  /** Records the step that ends the run and ends it, in one local activity (END_WITH_STEP_PATCH). */
  async function endWithStep(
    { nodeId, kind, outcome }: { nodeId: string; kind: string; outcome: string },
    status: FinishedRunStatus,
    reason?: string,
  ): Promise<JourneyRunResult> {
    const step = { runId, journeyId, seq: seq++, nodeId, kind, outcome };
    const { isRunPresent } = await endRun({ step, status, ...(reason === undefined ? {} : { reason }) });
    if (!isRunPresent) return runGone();
    return ended(status, reason);
  }

  /** The run's end is written (by `endRun`, or by the send before an exit): nothing left to record. */
  function ended(status: FinishedRunStatus, reason?: string): JourneyRunResult {
    progress = { currentNodeId: null, status };
    return reason === undefined ? { status } : { status, reason };
  }

  function runGone(): JourneyRunResult {
    log.warn("run row deleted; stopping", { runId });
    progress = { currentNodeId: null, status: "exited" };
    return { status: "exited", reason: "run was deleted" };
  }

  /** Ends the run for the pending request; a goal or exit criterion is also a step in the log. */
  async function endOnRequest(): Promise<JourneyRunResult> {
    const request = endRequest as EndRequest;
    if (request.kind !== "exit") {
      const { event } = request;
      const detail = { eventId: event.eventId, event: event.event, timestamp: event.timestamp };
      const isPresent =
        request.kind === "goal"
          ? await record(GOAL_NODE_ID, "goal", "converted", detail)
          : await record(EXIT_CRITERION_NODE_ID, "exit_criterion", "exited", {
              ...detail,
              criterion: request.criterion,
            });
      if (!isPresent) return runGone();
    }
    return request.kind === "goal"
      ? finish("completed", describeEnd(request), request.event.timestamp)
      : finish("exited", describeEnd(request));
  }

  const state: RunState = {
    input,
    record,
    nextSeq: () => seq,
    skipRecorded: () => void seq++,
    hasSettings,
    exitRequested: () => endRequest !== null || controls.isPending() || migration.isRequested(),
    isPaused: () => isPaused,
    inbox,
    matchedEvents,
    eventsSince:
      input.resume?.eventsSince ?? (Number.isFinite(triggeredAt) ? triggeredAt : workflowInfo().startTime.getTime()),
  };

  if (!input.resume && !isEntryRecorded(state) && !(await enterRun(state))) return runGone();

  /** The interpreter state the next execution picks up at `resumeStepId`. */
  const resumeAt = (resumeStepId: string) => ({
    stepId: resumeStepId,
    seq,
    eventsSince: state.eventsSince,
    ...(Object.keys(matchedEvents).length > 0 ? { matchedEvents } : {}),
    ...(inbox.length > 0 && patched(CARRY_INBOX_PATCH) ? { inbox } : {}),
    ...(hasSettings ? { enteredAt, paused: isPaused } : {}),
  });

  let stepId: string | null = input.resume?.stepId ?? plan.entry;
  let stepsInHistory = 0;
  while (stepId !== null) {
    // Step boundary: an exit requested during a send takes effect here.
    if (endRequest !== null) return endOnRequest();
    if (migration.isRequested()) {
      const outcome = await migration.apply(stepId, { resumeAt, record });
      if (outcome === "run-gone") return runGone();
      if (outcome === "ended") return finish("exited", ENDED_BY_MIGRATION);
    }
    if (stepsInHistory >= stepsPerHistory) {
      return continueAsNew<typeof journeyRun>({ ...input, resume: resumeAt(stepId) });
    }
    // A paused run holds here, between steps, until un-paused (or ended, or moved).
    if (isPaused) {
      progress = { currentNodeId: progress.currentNodeId, status: "active", isPaused: true };
      await condition(() => !isPaused || endRequest !== null || controls.isPending() || migration.isRequested());
      if (endRequest !== null || !controls.isPending()) continue;
      const held = await controls.applyPending(progress.currentNodeId, { next: stepId }, state);
      if ("next" in held) stepId = held.next;
      else if (held.end === "run-gone") return runGone();
      else if (held.end === "finished") return finish(held.status, held.reason);
      continue;
    }
    const step: PlanStep | undefined = plan.steps[stepId];
    if (!step) return finish("failed", `plan has no step "${stepId}"`);
    progress = { currentNodeId: step.id, status: "active", ...(hasSettings ? { isPaused: false } : {}) };
    stepsInHistory++;
    const interpreted = await interpretStep(step, state);
    // A goal or exit that arrived meanwhile wins over a control. Asked only when one is pending:
    // every promise a workflow makes costs the SDK's stack-trace hook a captured stack.
    const outcome =
      endRequest === null && controls.isPending()
        ? await controls.applyPending(step.id, interpreted, state)
        : interpreted;
    if ("next" in outcome) stepId = outcome.next;
    else if (outcome.end === "run-gone") return runGone();
    else if (outcome.end === "finished") {
      if (outcome.isRecorded) return ended(outcome.status, outcome.reason);
      return outcome.finalStep
        ? endWithStep(outcome.finalStep, outcome.status, outcome.reason)
        : finish(outcome.status, outcome.reason);
    }
    // A wait stopped for a migration request: the loop acts on it at this step.
    else if (endRequest !== null) return endOnRequest();
  }
  return finish("completed");
}
