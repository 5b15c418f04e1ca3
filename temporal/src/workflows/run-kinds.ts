// Interpretation of the step kinds added after v1: waits until a time, a date or an event,
// branch, split, webhook and update contact. Workflow code (deterministic): everything that
// reads data or the clock's zone rules runs in an activity whose result the history records.
// v1 kinds (wait, email, exit) stay in journey-run.ts unchanged, so v1 histories replay as before.
import { ActivityFailure, ApplicationFailure, condition, log, patched, proxyActivities, proxyLocalActivities } from "@temporalio/workflow";
import { matchesFilters } from "@mailstream/journey/filters";
import type { PlanCondition, PlanStep } from "@mailstream/journey/plan";
import { assignSplit } from "@mailstream/journey/split";
import type { Activities } from "../activities";
import type { EventReceived, JourneyRunInput, MatchedEvent } from "../contracts";
import { hasSameEntryKey } from "./run-settings";

export type NewKindStep = Extract<
  PlanStep,
  { kind: "wait_until_time" | "wait_until_date" | "wait_until_event" | "branch" | "branch_cases" | "split" | "webhook" | "update_contact" }
>;

/** What a step handler needs from the run: bookkeeping and the shared signal state. */
export interface RunState {
  input: JourneyRunInput;
  record(nodeId: string, kind: string, outcome: string, detail?: Record<string, unknown>): Promise<boolean>;
  /** The run carries SETTINGS_PATCH (run-settings.ts): settings, pause and entry keys apply. */
  hasSettings: boolean;
  /** An end is pending: a manual exit, or (with settings) the goal or an exit criterion. */
  exitRequested(): boolean;
  isPaused(): boolean;
  /** Events signalled to the run (deduplicated by id), consumed by until-event waits. */
  inbox: EventReceived[];
  matchedEvents: Record<string, MatchedEvent>;
  /**
   * Epoch ms from which a signalled event counts for an until-event wait: the trigger's time,
   * then the end of the last wait. An event that lands between entry and the wait (the run
   * was still on an earlier step) is the contact's answer all the same; one from before the
   * previous wait ended is not.
   */
  eventsSince: number;
}

export type KindResult = { next: string | null } | { exit: "requested" } | { end: "run-gone" } | { end: "holdout" };

// Conditions and waits read Postgres: retried without limit like the bookkeeping (an outage
// pauses runs rather than failing them).
const { evaluateBranch, resolveWaitUntil, updateContact } = proxyActivities<Activities>({
  startToCloseTimeout: "30 seconds",
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute", nonRetryableErrorTypes: ["PermanentUpdateError"] },
});

/**
 * Splits ask for a declared winner (packages/core/src/experiments/experiments.ts) and send everyone who is
 * not held out to it. Runs that reached a split before this patch keep hashing on replay.
 */
export const SPLIT_WINNER_PATCH = "split-winner-v1";

// One indexed read per contact at a split: a local activity, like the step bookkeeping.
const { findSplitWinner } = proxyLocalActivities<Activities>({
  startToCloseTimeout: "30 seconds",
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute" },
});

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

function failureDetail(error: ActivityFailure): Record<string, unknown> {
  const cause = error.cause;
  const details = cause instanceof ApplicationFailure ? (cause.details?.[0] as Record<string, unknown> | undefined) : undefined;
  return {
    error: cause?.message ?? error.message,
    errorType: cause instanceof ApplicationFailure ? cause.type : cause?.name,
    ...(details && "status" in details ? { status: details.status } : {}),
  };
}

/** Patch id: branch rules that read a matched event get the run's `matchedEvents` (none before it). */
export const BRANCH_MATCHED_EVENT_PATCH = "branch-matched-event-v1";

/** The activity input for one condition; only conditions with matched-event rules carry the events. */
function branchInput(state: RunState, condition: PlanCondition) {
  const { input } = state;
  const readsMatched = condition.groups.some((group) => group.predicates.some((predicate) => predicate.type === "matched_event"));
  return {
    runId: input.runId, contactId: input.contactId, trigger: input.trigger, condition,
    ...(readsMatched && patched(BRANCH_MATCHED_EVENT_PATCH) ? { matchedEvents: state.matchedEvents } : {}),
  };
}

/** Sleeps until `targetAt` (workflow time) unless an exit is requested first. */
async function sleepUntil(state: RunState, targetAt: number): Promise<boolean> {
  const ms = targetAt - Date.now();
  if (ms <= 0) return state.exitRequested();
  return condition(() => state.exitRequested(), ms);
}

export async function interpretNewKind(step: NewKindStep, state: RunState): Promise<KindResult> {
  const { input } = state;
  const gone = { end: "run-gone" } as const;
  switch (step.kind) {
    case "wait_until_time":
    case "wait_until_date": {
      const resolved = await resolveWaitUntil(
        step.kind === "wait_until_time"
          ? { kind: step.kind, contactId: input.contactId, trigger: input.trigger, time: step.time, weekdays: step.weekdays, fallbackTimeZone: step.fallbackTimeZone }
          : { kind: step.kind, contactId: input.contactId, trigger: input.trigger, source: step.source, path: step.path, offsetMs: step.offsetMs },
      );
      const target = resolved.targetAt === null ? null : Date.parse(resolved.targetAt);
      const isPast = target === null || target <= Date.now();
      const outcome = isPast ? "continued" : "waiting";
      if (!(await state.record(step.id, "wait", outcome, { ...resolved, mode: step.kind }))) return gone;
      if (target !== null && (await sleepUntil(state, target))) return { exit: "requested" };
      state.eventsSince = Date.now();
      return { next: step.next };
    }
    case "wait_until_event": {
      const since = state.eventsSince;
      state.inbox.splice(0, state.inbox.length, ...state.inbox.filter((event) => Date.parse(event.timestamp) >= since));
      if (!(await state.record(step.id, "wait", "waiting", { event: step.event, timeoutMs: step.timeoutMs }))) return gone;
      // Matching on the entry key (e.g. the same cart) is part of SETTINGS_PATCH; older runs ignored it.
      const isKeyed = state.hasSettings && step.matchOnEntryKey;
      const find = () =>
        state.inbox.find(
          (event) =>
            event.event === step.event &&
            Date.parse(event.timestamp) >= since &&
            matchesFilters({ event: event.event, properties: event.properties }, step.filters) &&
            (!isKeyed || hasSameEntryKey(input.plan, input.trigger, event)),
        );
      let matched: EventReceived | undefined;
      const isDone = await condition(() => state.exitRequested() || (matched = find()) !== undefined, step.timeoutMs);
      if (state.exitRequested()) return { exit: "requested" };
      state.eventsSince = Date.now();
      if (isDone && matched) {
        state.inbox.splice(state.inbox.indexOf(matched), 1);
        state.matchedEvents[step.id] = { ...matched };
        if (!(await state.record(step.id, "wait", "matched", { eventId: matched.eventId, event: matched.event, timestamp: matched.timestamp }))) return gone;
        return { next: step.matched };
      }
      if (!(await state.record(step.id, "wait", "timed_out", { timeoutMs: step.timeoutMs }))) return gone;
      return { next: step.timedOut };
    }
    case "branch": {
      const decision = await evaluateBranch(branchInput(state, step.condition));
      const outcome = decision.result ? "yes" : "no";
      if (!(await state.record(step.id, step.kind, outcome, { predicates: decision.predicates }))) return gone;
      return { next: decision.result ? step.yes : step.no };
    }
    case "branch_cases": {
      // Cases are evaluated in order, each by its own activity, stopping at the first that
      // holds: the history shows exactly which conditions were read to reach the decision.
      const evaluated: { caseId: string; predicates: unknown }[] = [];
      for (const branchCase of step.cases) {
        const decision = await evaluateBranch(branchInput(state, branchCase.condition));
        evaluated.push({ caseId: branchCase.id, predicates: decision.predicates });
        if (decision.result) {
          if (!(await state.record(step.id, "branch", branchCase.id, { cases: evaluated }))) return gone;
          return { next: branchCase.next };
        }
      }
      if (!(await state.record(step.id, "branch", "else", { cases: evaluated }))) return gone;
      return { next: step.else };
    }
    case "split": {
      const assignment = assignSplit(input.contactId, step.id, step.variants, step.holdoutPercent);
      if (assignment.holdout) {
        if (!(await state.record(step.id, step.kind, "holdout", { bucket: assignment.bucket }))) return gone;
        return { end: "holdout" };
      }
      let variantId = assignment.variantId;
      let detail: Record<string, unknown> = { bucket: assignment.bucket };
      // The hold-out above stays held out after a winner, so the lift stays measurable.
      if (patched(SPLIT_WINNER_PATCH)) {
        const { winner } = await findSplitWinner({ journeyId: input.journeyId, nodeId: step.id });
        // A winner from another version's variants (renamed, removed) does not apply: hash as before.
        if (winner && step.variants.some((candidate) => candidate.id === winner.variantId)) {
          variantId = winner.variantId;
          detail = { ...detail, routedBy: "winner", hashedVariantId: assignment.variantId, winner };
        }
      }
      const variant = step.variants.find((candidate) => candidate.id === variantId);
      if (!(await state.record(step.id, step.kind, variantId, detail))) return gone;
      return { next: variant?.next ?? null };
    }
    case "webhook": {
      const callWebhook = proxyWebhook(input);
      let outcome: string;
      let detail: Record<string, unknown> = { method: step.method, url: step.url };
      try {
        const response = await callWebhook({
          runId: input.runId, journeyId: input.journeyId, nodeId: step.id, contactId: input.contactId,
          trigger: input.trigger, matchedEvents: state.matchedEvents, request: step,
        });
        outcome = "called";
        detail = { ...detail, status: response.status };
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        // A permanent failure (4xx, or retries exhausted) is recorded on the node and the run
        // continues: a broken endpoint must not strand contacts.
        outcome = "failed";
        detail = { ...detail, ...failureDetail(error) };
        log.warn("webhook step failed", { runId: input.runId, nodeId: step.id, error: detail.error });
      }
      if (!(await state.record(step.id, step.kind, outcome, detail))) return gone;
      return { next: step.next };
    }
    case "update_contact": {
      let outcome: string;
      let detail: Record<string, unknown>;
      try {
        const result = await updateContact({ journeyId: input.journeyId, contactId: input.contactId, trigger: input.trigger, matchedEvents: state.matchedEvents, updates: step.updates });
        outcome = result.status;
        detail = { set: result.set, unset: result.unset };
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        outcome = "failed";
        detail = failureDetail(error);
      }
      if (!(await state.record(step.id, step.kind, outcome, detail))) return gone;
      return { next: step.next };
    }
  }
}
