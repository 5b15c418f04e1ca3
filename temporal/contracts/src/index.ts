// The only Temporal module other packages import: task queue names, workflow ids,
// signal/query definitions and input types. No implementation lives here.
import { defineQuery, defineSignal } from "@temporalio/workflow";
import type { Plan } from "@mailstream/journey/plan";

export const JOURNEY_TASK_QUEUE = "journeys";
/** Sends run on their own queue so a provider's rate limit applies across all workers. */
export const EMAIL_TASK_QUEUE = "email";

export interface JourneyRunInput {
  runId: string;
  workspaceId: string;
  journeyId: string;
  versionId: string;
  contactId: string;
  plan: Plan;
  /** The event that started the run: available to templates and conditions. */
  trigger: {
    eventId: string;
    event: string;
    properties: Record<string, unknown>;
    traits: Record<string, unknown>;
    /** When the trigger event happened (ISO): events after it count for the run's first until-event wait. */
    timestamp?: string;
  };
  /**
   * The starter wrote the run's entry step (seq 0) in the transaction that started the workflow
   * (the dispatcher does): the run then skips its own entry write (LEAN_ENTRY_PATCH).
   */
  entryRecorded?: boolean;
  /** Set only by the workflow itself when it continues-as-new: where to pick up. Starters leave it out. */
  resume?: RunResumeState;
  /** Operational knobs; starters normally leave them out (the defaults are the production values). */
  options?: JourneyRunOptions;
}

/** The interpreter state carried across `continueAsNew`: the next step and the next `run_steps.seq`. */
export interface RunResumeState {
  stepId: string;
  seq: number;
  /** Events matched by until-event waits so far, keyed by wait node id. */
  matchedEvents?: Record<string, MatchedEvent>;
  /** Epoch ms from which signalled events count for the next until-event wait. */
  eventsSince?: number;
  /** Events signalled but not yet consumed (CARRY_INBOX_PATCH): a wait after the new start still sees them. */
  inbox?: EventReceived[];
  /** Epoch ms the contact entered (start of the goal window); absent = the trigger's time. */
  enteredAt?: number;
  /** The journey was paused when the run continued-as-new: the new run holds until un-paused. */
  paused?: boolean;
}

export interface JourneyRunOptions {
  /** Queue the `sendEmail` activity is scheduled on (default `EMAIL_TASK_QUEUE`); tests isolate themselves with it. */
  emailTaskQueue?: string;
  /** Steps interpreted before the run continues-as-new to keep its history small (default 500). */
  stepsPerHistory?: number;
  /** Webhook retry knobs (defaults: 8 attempts from 2 s); tests shorten them. */
  webhookMaximumAttempts?: number;
  webhookRetryInitialIntervalMs?: number;
}

/** Business key: one run per contact per journey per entry. */
export function journeyWorkflowId(journeyId: string, contactId: string, entry: string): string {
  return `journey:${journeyId}:${contactId}:${entry}`;
}

export interface RunProgress {
  currentNodeId: string | null;
  status: "active" | "completed" | "exited" | "failed";
  /** True while the run holds at a step boundary because its journey is paused. */
  isPaused?: boolean;
}

export const exitRunSignal = defineSignal<[{ reason: string }]>("exitRun");

/**
 * Pausing a journey holds its runs where they are: a paused run finishes the wait it is in
 * but takes no further step until un-paused. Sent by the lifecycle service to every active
 * run of the journey; idempotent (the last value wins).
 */
export const setPausedSignal = defineSignal<[{ paused: boolean }]>("setPaused");

/**
 * An event of the run's contact, sent by the dispatcher to runs waiting for that event name,
 * and to runs whose plan names it as the goal or an exit criterion (`plan.settings`): a goal
 * event within the window ends the run `completed` (reason `goal`, `converted_at` set), an
 * exit-criterion event ends it `exited` (reason `exit criterion "<event>"`), wherever it is.
 */
export interface EventReceived {
  eventId: string;
  event: string;
  properties: Record<string, unknown>;
  /** ISO instant the event happened; only events at or after the wait began count. */
  timestamp: string;
}
export const eventReceivedSignal = defineSignal<[EventReceived]>("eventReceived");

/** The event an until-event wait matched, available to later nodes as `matchedEvents[<wait node id>]`. */
export interface MatchedEvent {
  eventId: string;
  event: string;
  properties: Record<string, unknown>;
  timestamp: string;
}
export const progressQuery = defineQuery<RunProgress>("progress");

/**
 * A person acting on a live run from the drill-down (packages/core/src/runs/run-actions.ts):
 * `end` it, `continue` now (cut the wait it is in short), or `move` it to another step of the
 * same version. The run applies a control only while it is still at `atStepId` (the step the
 * person saw it on), and once per `actionId`, so a repeated or late signal changes nothing.
 * Each applied control is a `run_control` row of the run's step log.
 */
export type RunControlAction = "end" | "continue" | "move";
export interface RunControl {
  actionId: string;
  action: RunControlAction;
  atStepId: string;
  /** `move` only: a step id of the run's plan. */
  toStepId?: string;
  /** Who asked (audit actor label), kept on the step log. */
  by?: string;
}
export const runControlSignal = defineSignal<[RunControl]>("runControl");

// ── Broadcasts ──────────────────────────────────────────────────────────────────────────────
// One `broadcastSend` workflow per broadcast (on the journeys queue) walks the frozen audience
// page by page; each page is one activity on the email queue, so the provider limit holds.

/** Business key: one send workflow per broadcast, ever. */
export function broadcastWorkflowId(broadcastId: string): string {
  return `broadcast:${broadcastId}`;
}

export interface BroadcastSendInput {
  broadcastId: string;
  workspaceId: string;
  /** The instant sending starts (ISO); for local-time sends, the earliest zone's instant is per page. */
  startAt: string;
  /** Emails per hour across the broadcast; null = no spacing beyond the queue's rate. */
  throttlePerHour: number | null;
  /** Set only by the workflow itself when it continues-as-new. */
  resume?: BroadcastResumeState;
  options?: BroadcastSendOptions;
}

export interface BroadcastResumeState {
  /** The snapshot's page starts (page, epoch ms), carried so they are not read again. */
  pageStarts: { page: number; sendAt: number }[];
  pageCount: number;
  nextPage: number;
  isPaused: boolean;
  /** Epoch ms the last page was sent and how many it sent (the throttle spaces the next one from it). */
  lastPageAt: number;
  lastPageSent: number;
  /**
   * BROADCAST_PAGES_PATCH: epoch ms (workflow time) of the next page call — the throttle's spacing
   * after the last call's emails, or a per-domain window's end; absent before the patch.
   */
  nextCallAt?: number;
  /** Staggered A/B (BROADCAST_AB_PATCH): the test phase, carried across continue-as-new. */
  test?: BroadcastTestPhase;
  /**
   * Whether the broadcast has per-domain limits, as its snapshot said; absent for a send
   * snapshotted before BROADCAST_OVERLAP_PATCH (its pages then go one call at a time).
   */
  hasDomainLimits?: boolean;
}

export interface BroadcastTestPhase {
  /** Pages 0 … pageCount − 1 hold the sample. */
  pageCount: number;
  durationMs: number;
  /** Epoch ms (workflow time) the test ends at the latest; null until the sample is sent. */
  endsAt: number | null;
  isDecided: boolean;
}

export interface BroadcastSendOptions {
  /** Queue the page activities run on (default EMAIL_TASK_QUEUE); tests isolate themselves with it. */
  emailTaskQueue?: string;
  /** Page calls before the workflow continues-as-new (default 200; a spread page may take several). */
  pagesPerHistory?: number;
}

export interface BroadcastProgress {
  phase: "waiting" | "sending" | "testing" | "retrying_deferred" | "finished";
  nextPage: number;
  pageCount: number;
  isPaused: boolean;
  isCancelled: boolean;
}

/** Pause holds the send between pages; resume continues; both idempotent (the last value wins). */
export const setBroadcastPausedSignal = defineSignal<[{ paused: boolean }]>("setBroadcastPaused");
/** Ends the send after the page in flight; pending recipients stay pending (reported as not sent). */
export const cancelBroadcastSignal = defineSignal<[]>("cancelBroadcast");
export const broadcastProgressQuery = defineQuery<BroadcastProgress>("broadcastProgress");

/** Where a run waiting at one step of the old version goes: a step of the new plan, or the end. */
export type RunMigrationTarget = { to: string } | { end: true };

/**
 * Republish with "move to the new version" (core/journeys/migrate-runs.ts): at its next safe
 * point (a wait, a deferred send, or between steps) the run looks up the step it is on in
 * `mapping` and continues-as-new on `plan` at the mapped step (carrying its inbox, matched
 * events and seq), or ends; a step without a mapping stays on the old version. The run reports
 * what it did for `migrationId` (run_migration_items). A repeat, or a run already on
 * `versionId`, is ignored. Named apart from the drill-down's same-version moves.
 */
export interface MigrateRun {
  migrationId: string;
  versionId: string;
  plan: Plan;
  mapping: Record<string, RunMigrationTarget>;
}
export const migrateRunSignal = defineSignal<[MigrateRun]>("migrateRun");
