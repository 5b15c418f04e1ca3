// Starting one journey run for one event, idempotently. The run row is committed first
// (own statement, not the caller's claim transaction) so the workflow's activities always
// find it; the workflow id is a business key, so a repeated start is a no-op.
import { Client, isGrpcServiceError, ServiceError, WorkflowExecutionAlreadyStartedError } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import type { EventRow } from "@mailstream/db/queries/events";
import { findVersionPlan, insertJourneyRunOnce, markRunFailedToStart, type TriggerableJourney } from "@mailstream/db/queries/journeys-live";
import { journeyWorkflowId, type JourneyRunInput, type JourneyRunOptions } from "@mailstream/temporal/contracts";

/** A start that cannot reach Temporal in this long fails the batch (retried with backoff) instead of hanging it. */
export const DEFAULT_START_DEADLINE_MS = 10_000;
const GRPC_INVALID_ARGUMENT = 3;

export interface StartRunDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** Passed through to the workflow; tests use it to isolate their email queue. */
  runOptions?: JourneyRunOptions;
  startDeadlineMs?: number;
  log: Pick<Console, "error">;
}

function isInvalidArgument(error: unknown): boolean {
  return error instanceof ServiceError && isGrpcServiceError(error.cause) && error.cause.code === GRPC_INVALID_ARGUMENT;
}

/** Returns true when this call started the workflow, false when it was already running or done. */
export async function startJourneyRun(
  deps: StartRunDeps,
  input: { event: EventRow & { event: string }; contactId: string; journey: TriggerableJourney },
): Promise<boolean> {
  const { event, contactId, journey } = input;
  const workflowId = journeyWorkflowId(journey.journeyId, contactId, event.id);
  const run = await insertJourneyRunOnce(deps.db, {
    workspaceId: event.workspaceId,
    journeyId: journey.journeyId,
    versionId: journey.versionId,
    contactId,
    workflowId,
    triggerEventId: event.id,
  });
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
  };
  try {
    await deps.temporal.withDeadline(Date.now() + (deps.startDeadlineMs ?? DEFAULT_START_DEADLINE_MS), () =>
      deps.temporal.workflow.start("journeyRun", {
        taskQueue: deps.taskQueue,
        workflowId,
        args: [runInput],
        // One run per business key, ever: even a finished run is not started again.
        workflowIdReusePolicy: "REJECT_DUPLICATE",
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    // Temporal refusing the input (e.g. a plan over the payload size limit) will never
    // succeed: fail this run visibly rather than block every later event behind it.
    if (isInvalidArgument(error)) {
      deps.log.error(`[dispatcher] Temporal refused run ${workflowId}; marking it failed:`, error);
      await markRunFailedToStart(deps.db, run.id);
      return false;
    }
    throw error;
  }
}
