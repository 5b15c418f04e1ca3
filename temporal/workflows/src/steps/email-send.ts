// How the email step calls `sendEmail`. Queued: an activity on the rate-limited `email` task
// queue, retried for about an hour. Local first (SEND_LOCAL_PATCH): one attempt as a local
// activity in the journeys worker, inside the workflow task that reached the step, so a run
// that sends and ends costs one workflow task and no activity task; the queued activity is
// the fallback when that attempt answers `busy` (its provider slot was not due soon) or fails
// in a way a retry may cure. Both are attempts of one send under one message key: the queued
// one finds what the local one stored or handed over, as a retried attempt does.
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  log,
  proxyActivities,
  proxyLocalActivities,
  TemporalFailure,
  type ActivityOptions,
  type LocalActivityOptions,
} from "@temporalio/workflow";
import type { Activities, SendEmailInput, SendEmailResult } from "@mailstream/activities";

/** The type the activity throws for failures retrying cannot fix (missing template, bad address). */
const PERMANENT_SEND_ERROR = "PermanentSendError";

/** ~1 hour of backoff for transient provider/DB trouble. Part of the scheduled command: a change is a patch. */
const QUEUED_SEND_OPTIONS: Omit<ActivityOptions, "taskQueue"> = {
  startToCloseTimeout: "1 minute",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "5 minutes",
    maximumAttempts: 20,
    nonRetryableErrorTypes: [PERMANENT_SEND_ERROR],
  },
};

/**
 * One attempt, short: it holds the workflow task (and its worker slot) while it runs, and the
 * queued fallback does the long retrying. Under the workflow task's timeout (10 s), so the SDK
 * never has to heartbeat the task with extra workflow tasks.
 */
const LOCAL_SEND_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: "5 seconds",
  retry: { maximumAttempts: 1 },
};

/** What the step acts on: a send's answer once it was sent, stored, skipped or deferred. */
export type SendAnswer = Exclude<SendEmailResult, { status: "busy" }>;

const isPermanent = (failure: unknown) =>
  failure instanceof ApplicationFailure && failure.type === PERMANENT_SEND_ERROR;

/**
 * The failure the step records as `failed` ({ message, type }), or null for an error that is not
 * the send's: the queued activity's comes as an ActivityFailure around the activity's own; the
 * local attempt's permanent one as the activity's own (the SDK resolves a local activity so).
 */
export function sendFailureOf(error: unknown): { message: string; type: string | null | undefined } | null {
  if (error instanceof ActivityFailure) {
    const cause = error.cause;
    return {
      message: cause?.message ?? error.message,
      type: cause instanceof ApplicationFailure ? cause.type : cause?.name,
    };
  }
  return isPermanent(error) ? { message: (error as ApplicationFailure).message, type: PERMANENT_SEND_ERROR } : null;
}

/** Whether the queued attempt should follow a local attempt that threw `error` (else it is rethrown). */
function isWorthQueueing(error: unknown): boolean {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  // Not the activity's failure — a bug, or a worker without `sendEmail` (the SDK refuses to
  // schedule it, so no history shows the attempt and a fallback would not replay: the workflow
  // task fails and is retried until a worker that has it takes the run) — a cancelled run, or a
  // permanent failure.
  if (!(failure instanceof TemporalFailure) || failure instanceof CancelledFailure) return false;
  return !isPermanent(failure);
}

/** `sendEmail` on `emailTaskQueue`, tried locally first when `isLocalFirst`. */
export function sendEmailVia(
  emailTaskQueue: string,
  isLocalFirst: boolean,
): (input: SendEmailInput) => Promise<SendAnswer> {
  const sendQueued = proxyActivities<Activities>({ ...QUEUED_SEND_OPTIONS, taskQueue: emailTaskQueue }).sendEmail;
  const sendLocally = proxyLocalActivities<Activities>(LOCAL_SEND_OPTIONS).sendEmail;
  const queued = async (input: SendEmailInput): Promise<SendAnswer> => {
    const answer = await sendQueued(input);
    // Only a local attempt answers busy; a queued one waits for its slot.
    if (answer.status === "busy") throw new Error("the queued send answered busy");
    return answer;
  };
  if (!isLocalFirst) return queued;
  return async (input) => {
    try {
      const answer = await sendLocally({ ...input, localAttempt: { emailTaskQueue } });
      if (answer.status !== "busy") return answer;
    } catch (error) {
      if (!isWorthQueueing(error)) throw error;
      // Timed out, Postgres or the transport down: the queued attempt, with its long retries.
      log.info("local send attempt failed; sending through the email queue", { error: (error as Error).message });
    }
    return queued(input);
  };
}
