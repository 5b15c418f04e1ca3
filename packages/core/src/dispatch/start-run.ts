// Starting one journey run for one event, idempotently and under the journey's entry rules.
// The run row is committed first (own statement, not the caller's claim transaction) so the
// workflow's activities always find it; the workflow id is a business key, so a repeated
// start is a no-op. Entries the rules refuse are recorded in `journey_entry_skips`.
//
// Pause/archive race: a run row may be inserted while the journey is live and the journey
// paused before its workflow exists — the pause's signal then finds no workflow. So the
// start itself runs while holding a share lock on the journey row (the lifecycle service's
// status UPDATE waits for it, and vice versa): a start that sees `paused` starts the
// workflow and signals it paused before releasing the lock; one that sees `archived` never
// starts and ends the row. A run the UI ended before its start (row no longer active) is
// not started either.
import {
  Client,
  isGrpcServiceError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import type { EventRow } from "@mailstream/db/queries/events";
import {
  endRunBeforeStart,
  enterJourneyRun,
  findRunOfEvent,
  findVersionPlan,
  markRunFailedToStart,
  recordEntrySkip,
  type TriggerableJourney,
} from "@mailstream/db/queries/journeys-live";
import { setPausedSignal, type JourneyRunInput, type JourneyRunOptions } from "@mailstream/temporal-contracts";
import { runSearchAttributes } from "@mailstream/temporal-contracts/search-attributes";
import { planEntry, type EntrySkipReason } from "./entry-rules";
import { filterSubject } from "./event-fields";
import type { Logger } from "@mailstream/log";
import { lockJourneyAndRecordEntry } from "@mailstream/db/queries/runs";

/** A start that cannot reach Temporal in this long fails the batch (retried with backoff) instead of hanging it. */
export const DEFAULT_START_DEADLINE_MS = 10_000;
const GRPC_INVALID_ARGUMENT = 3;
export const ARCHIVED_BEFORE_START = "journey archived";

export interface StartRunDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** Passed through to the workflow; tests use it to isolate their email queue. */
  runOptions?: JourneyRunOptions;
  startDeadlineMs?: number;
  log: Logger;
}

function isInvalidArgument(error: unknown): boolean {
  return error instanceof ServiceError && isGrpcServiceError(error.cause) && error.cause.code === GRPC_INVALID_ARGUMENT;
}

/** "Namespace … has no mapping defined for search attribute …": a cluster where they were never created. */
function isUnknownSearchAttribute(error: unknown): boolean {
  if (!isInvalidArgument(error)) return false;
  // The client's own message is "Failed to start Workflow"; the server's reason is on the gRPC cause.
  const cause = (error as ServiceError).cause as { details?: unknown; message?: unknown } | undefined;
  return /search attribute/i.test(`${String(cause?.details ?? "")} ${String(cause?.message ?? "")}`);
}

type StartOptions = Parameters<Client["workflow"]["start"]>[1];

/**
 * Starts the run's workflow with its search attributes (journey, version, contact id). A
 * server where they are not registered refuses them; the run must not fail for that, so it
 * starts without them and the log says how to register them (docs/operations.md).
 */
async function startWorkflow(deps: StartRunDeps, options: StartOptions, runInput: JourneyRunInput): Promise<void> {
  const typedSearchAttributes = runSearchAttributes(runInput);
  try {
    await deps.temporal.workflow.start("journeyRun", { ...options, typedSearchAttributes });
  } catch (error) {
    if (!isUnknownSearchAttribute(error)) throw error;
    deps.log.warn(
      "Temporal does not know the run search attributes; starting without them (temporal operator search-attribute create, see docs/operations.md)",
      { workflowId: options.workflowId },
      error,
    );
    await deps.temporal.workflow.start("journeyRun", options);
  }
}

type StartInput = { event: EventRow & { event: string }; contactId: string; journey: TriggerableJourney };

async function skipEntry(
  deps: StartRunDeps,
  input: StartInput,
  reason: EntrySkipReason,
  entryKey: string | null,
): Promise<false> {
  const { event, contactId, journey } = input;
  deps.log.info(`event did not enter the journey: ${reason}`, {
    messageId: event.messageId,
    journeyId: journey.journeyId,
    contactId,
  });
  await recordEntrySkip(deps.db, {
    workspaceId: event.workspaceId,
    journeyId: journey.journeyId,
    versionId: journey.status === "live" ? journey.versionId : null,
    contactId,
    eventId: event.id,
    reason,
    entryKey,
  });
  return false;
}

/** Returns true when this call started the workflow, false when it was skipped, already running or done. */
export async function startJourneyRun(deps: StartRunDeps, input: StartInput): Promise<boolean> {
  const { event, contactId, journey } = input;
  const planned = planEntry({
    journeyId: journey.journeyId,
    contactId,
    eventId: event.id,
    trigger: journey.plan.trigger,
    subject: filterSubject(event),
  });
  if (journey.status !== "live") {
    // Events that arrive while a journey is paused never enter, not even after resume — except
    // the retry of an event whose run row was written while the journey was still live: that
    // run exists and must start (paused, below) rather than stay active without a workflow.
    const retried = planned.ok ? await findRunOfEvent(deps.db, planned.entry.workflowId, event.id) : null;
    if (!retried) return skipEntry(deps, input, "journey_paused", null);
  }
  if (!planned.ok) return skipEntry(deps, input, planned.reason, null);
  const { workflowId, entryKey } = planned.entry;
  const outcome = await enterJourneyRun(deps.db, {
    workspaceId: event.workspaceId,
    journeyId: journey.journeyId,
    versionId: journey.versionId,
    contactId,
    workflowId,
    triggerEventId: event.id,
    entryKey,
    reentry: planned.entry.reentry,
    cooldownMs: planned.entry.cooldownMs,
  });
  if (!outcome.entered) return skipEntry(deps, input, outcome.reason, entryKey);
  const { run } = outcome;
  // A retried dispatch finds the row from the first attempt, pinned to the version that was
  // live then; the workflow must run that plan even if a newer version went live since.
  const plan = run.versionId === journey.versionId ? journey.plan : await findVersionPlan(deps.db, run.versionId);
  if (!plan) throw new Error(`Journey version ${run.versionId} of run ${workflowId} has no plan`);
  const runInput: JourneyRunInput = {
    runId: run.id,
    workspaceId: event.workspaceId,
    journeyId: journey.journeyId,
    versionId: run.versionId,
    contactId,
    plan,
    trigger: {
      eventId: event.id,
      event: event.event,
      properties: event.properties,
      traits: event.traits,
      timestamp: event.timestamp.toISOString(),
    },
    ...(deps.runOptions ? { options: deps.runOptions } : {}),
    // Written below, with the start: the workflow skips its own entry write (LEAN_ENTRY_PATCH).
    entryRecorded: true,
  };
  return deps.db.transaction(async (tx) => {
    // The entry step is written by the locking statement itself when the run may start, and
    // commits with the start (a retry finds it: keyed on seq 0). A start that fails rolls it
    // back with everything else; the event is dispatched again.
    const { journeyStatus, runStatus } = await lockJourneyAndRecordEntry(tx, journey.journeyId, {
      runId: run.id,
      journeyId: journey.journeyId,
      seq: 0,
      nodeId: plan.trigger.nodeId,
      kind: "trigger",
      outcome: "entered",
      detail: { event: event.event, eventId: event.id },
    });
    if (runStatus !== "active") return false; // ended from the UI (or deleted) before it started
    if (journeyStatus !== "live" && journeyStatus !== "paused") {
      await endRunBeforeStart(tx, run.id, ARCHIVED_BEFORE_START);
      return false;
    }
    const deadline = Date.now() + (deps.startDeadlineMs ?? DEFAULT_START_DEADLINE_MS);
    let isStarted: boolean;
    try {
      await deps.temporal.withDeadline(deadline, () =>
        startWorkflow(
          deps,
          {
            taskQueue: deps.taskQueue,
            workflowId,
            args: [runInput],
            // One run per business key, ever: even a finished run is not started again.
            workflowIdReusePolicy: "REJECT_DUPLICATE",
          },
          runInput,
        ),
      );
      isStarted = true;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
        // Temporal refusing the input (e.g. a plan over the payload size limit) will never
        // succeed: fail this run visibly rather than block every later event behind it.
        if (!isInvalidArgument(error)) throw error;
        deps.log.error(
          "Temporal refused the run; marking it failed",
          { workflowId, messageId: event.messageId },
          error,
        );
        await markRunFailedToStart(tx, run.id);
        return false;
      }
      isStarted = false;
    }
    if (journeyStatus === "paused") {
      try {
        await deps.temporal.withDeadline(deadline, () =>
          deps.temporal.workflow.getHandle(workflowId).signal(setPausedSignal, { paused: true }),
        );
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error; // already finished: nothing to hold
      }
    }
    return isStarted;
  });
}
