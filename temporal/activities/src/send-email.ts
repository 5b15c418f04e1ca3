// The `sendEmail` activity (runs on the rate-limited `email` task queue): resolve the
// address, honour suppressions, render, then write-once into `messages`, take a slot of the
// queue's provider rate shared with broadcast pages (provider-rate.ts) and hand the email to
// the transport. The idempotency key makes a retried attempt find the earlier row, so
// an email is delivered at most once per (run, node).
//
// Concurrent sends are coalesced (send-batch.ts): their reads, inserts and hand-off are done
// for the batch at once, and each call gets its own answer. A send with quiet hours or a
// frequency cap (`limits`) goes alone: its insert is decided under its contact's lock
// (send-limits.ts). A send whose transport is a remote provider is handed off alone (below).
//
// The same function runs as a local activity in the journeys worker (SEND_LOCAL_PATCH,
// `localAttempt`): the workflow's first try, inside its workflow task. It then takes the email
// queue's provider slot only if it is due soon, else answers `busy` having handed nothing over,
// and the workflow schedules the queued attempt — the same send under the same message key, so
// the two are attempts of one send, as two retries of the queued activity are.
import { Context } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import type { Message } from "@mailstream/db/queries/messages-send";
import { isHandedOff } from "@mailstream/db/queries/message-status";
import { recordRunStepsOfMany } from "@mailstream/db/queries/runs";
import { findSendContext } from "@mailstream/db/queries/send-context";
import { deliverStoredMessage } from "@mailstream/core/messages/deliver-message";
import {
  createWorkspaceTransports,
  type EmailTransport,
  type WorkspaceTransports,
} from "@mailstream/emails/transports";
import type { OutboundGuard } from "@mailstream/net";
import type { JourneyRunInput, MatchedEvent } from "@mailstream/temporal-contracts";
import type { Clock } from "./clock";
import { takeSendSlot, type SendSlot } from "./provider-rate";
import { createSendBatches } from "./send-batch";
import { insertMessageWithinLimits, type SendDeferral, type SendLimits } from "./send-limits";
import { deletedOwnerFailure } from "./send-deleted-owner";
import {
  PROVIDER_BUSY,
  sendResult,
  sendStepsWrite,
  sentOutcome,
  suppressedOutcome,
  type SendOutcome,
} from "./send-outcome";
import {
  isPermanentSendError,
  PERMANENT_SEND_ERROR,
  permanentFailure,
  prepareSend,
  sendContextInput,
  type SendPrepareDeps,
} from "./send-prepare";
import { createSendRenderer, type SendRenderer } from "./send-render";

export { PERMANENT_SEND_ERROR } from "./send-prepare";

/**
 * The longest a local attempt waits for its provider slot: it holds its workflow task meanwhile
 * (and the task's worker slot); a slot further off goes to the queued attempt, which may wait.
 */
export const LOCAL_SLOT_BUDGET_MS = 1_000;

export interface SendEmailDeps {
  db: Db;
  /** The env transport: used for workspaces without a transport of their own in Settings. */
  transport: EmailTransport;
  /** Per-workspace transports (Settings); built from `transport` + `secret` + `outbound` when not given. */
  transports?: WorkspaceTransports | undefined;
  /** The instance's outbound guard: a workspace's SMTP host or Resend base URL connects through it. */
  outbound: OutboundGuard;
  defaultFrom: string;
  publicUrl: string;
  /**
   * MAILSTREAM_SECRET, shared with the web app that verifies the tokens. With it every email
   * gets List-Unsubscribe (RFC 8058) headers and a footer link, and, when the workspace has
   * tracking on, click-tracked links and an open pixel. Without it none of these are added.
   */
  secret?: string | undefined;
  /** Compiled templates kept across sends; one per worker (made here when not given). */
  renderer?: SendRenderer | undefined;
  /** "Now" for quiet hours and the cap (the run's virtual clock in a test run); absent: the wall clock. */
  clock?: Clock | undefined;
  /**
   * The email queue's provider rate (calls/s), shared with broadcast pages and every worker through
   * Postgres (provider-rate.ts); absent (test runs): only Temporal's task-queue limit paces sends.
   */
  emailRatePerSecond?: number | undefined;
}

export interface SendEmailInput {
  runId: string;
  workspaceId: string;
  journeyId: string;
  contactId: string;
  nodeId: string;
  templateId: string;
  trigger: JourneyRunInput["trigger"];
  /** Quiet hours / frequency cap of a non-transactional journey send (send-limits.ts); absent = none. */
  limits?: SendLimits | undefined;
  /** Events matched by the run's until-event waits, for templates (`{{ matchedEvents.<wait id>.properties.x }}`). */
  matchedEvents?: Record<string, MatchedEvent> | undefined;
  /** The email's subscription topic (plan step); absent/null = no topic. */
  topicId?: string | null | undefined;
  /** Bypasses topics (and a plain unsubscribe); no List-Unsubscribe. See send-consent.ts. */
  transactional?: boolean | undefined;
  /**
   * LEAN_SEND_PATCH: the seq of the email step in the run's log. The activity then records the
   * step's outcome itself (sent: in the hand-off's transaction) and returns `isRunPresent`; a
   * deferral or a thrown failure records nothing, and the workflow records it at this seq.
   */
  stepSeq?: number | undefined;
  /**
   * WORKER_LEAN_PATCH (with `stepSeq`): the run's next step is this exit node. Wherever the
   * activity records the email step it also records the exit at `stepSeq + 1` and completes the
   * run, in the same transaction, and answers `isExitRecorded`; the workflow then ends without
   * a local activity. A deferral or a thrown failure writes neither.
   */
  exitStep?: { nodeId: string } | undefined;
  /**
   * SEND_LOCAL_PATCH: this call is the workflow's local attempt, run in the journeys worker. Its
   * provider slot is `emailTaskQueue`'s (the queue the queued attempt would run on), taken only if
   * due within LOCAL_SLOT_BUDGET_MS; else the answer is `busy` and nothing was handed over.
   */
  localAttempt?: { emailTaskQueue: string } | undefined;
}

/**
 * Set when the input had a `stepSeq`: `isRunPresent` false when the run row is gone (the
 * workflow stops); `isExitRecorded` when the exit step and the run's end were written too.
 */
export type StepRecorded = { isRunPresent?: boolean; isExitRecorded?: true };

export type SendEmailResult =
  | ({ status: "sent"; messageId: string } & StepRecorded)
  /** Stored but not sent; `reason` names the suppression or consent rule (absent on rows stored before reasons were). */
  | ({ status: "suppressed"; messageId: string; reason?: string } & StepRecorded)
  | ({ status: "skipped"; messageId: null; reason: string } & StepRecorded)
  /** Not sent now (quiet hours, frequency cap): nothing was written; try again at `until`. */
  | ({ status: "deferred"; messageId: null } & SendDeferral)
  /** A local attempt's provider slot was not due soon: nothing handed over, no step written; send it queued. */
  | { status: "busy"; messageId: null };

export function createSendEmailActivity(deps: SendEmailDeps) {
  const transports =
    deps.transports ??
    createWorkspaceTransports({ fallback: deps.transport, secret: deps.secret, outbound: deps.outbound });
  const prepareDeps: SendPrepareDeps = {
    ...deps,
    transports,
    renderer: deps.renderer ?? createSendRenderer(),
    messageIdDomain: new URL(deps.publicUrl).hostname || "mailstream.local",
  };
  const batches = createSendBatches({ ...prepareDeps, emailRatePerSecond: deps.emailRatePerSecond });
  const { db } = deps;
  const stepsAt = async () => new Date(deps.clock ? await deps.clock() : Date.now());

  /** Writes the outcome's steps on their own (a skip, a suppressed or settled send); the workflow's answer. */
  async function recorded(input: SendEmailInput, outcome: SendOutcome): Promise<SendEmailResult> {
    const write = sendStepsWrite(input, outcome, await stepsAt());
    if (!write) return sendResult(input, outcome);
    const present = await recordRunStepsOfMany(db, [write]);
    return sendResult(input, outcome, present.has(input.runId));
  }

  /**
   * Hands one stored, queued message to its transport under the row's lock, its steps in the same
   * transaction. The provider call takes its slot of the queue's shared rate first — before the
   * row's lock, so no connection is held while it waits. A retry takes a new slot: a spent one
   * only slows. Without a rate (test runs, benches) there is no slot to take. A local attempt
   * refused a slot answers `busy`: its row stays queued for the queued attempt.
   */
  async function handOffAlone(
    input: SendEmailInput,
    message: Message,
    transport: EmailTransport,
    slot: SendSlot | null,
  ): Promise<SendEmailResult> {
    // The step commits with the hand-off: a sent email and its line in the run's log are one fact.
    const sentSteps = sendStepsWrite(input, sentOutcome(message), await stepsAt());
    const stepsWith = sentSteps ? (settled: Message) => (isHandedOff(settled.status) ? sentSteps : null) : undefined;
    if (!(await takeSendSlot(db, slot, deps.emailRatePerSecond))) return PROVIDER_BUSY;
    // Transient errors are rethrown for the retry policy; a permanent one is marked on the row.
    const delivered = await deliverStoredMessage({
      db,
      message,
      transport,
      isFinalError: isPermanentSendError,
      stepsWith,
    });
    if (delivered.status === "failed") throw permanentFailure(delivered.error.message);
    const sent = delivered.message;
    // Another attempt may have settled the row while this one waited for its lock.
    if (sent.status === "failed") throw permanentFailure(sent.error ?? `message ${sent.id} failed earlier`);
    if (sent.status === "suppressed") return recorded(input, suppressedOutcome(sent));
    return sendResult(input, sentOutcome(sent), delivered.isRunPresent);
  }

  /** A send with quiet hours or a frequency cap: its own read, its insert under its contact's lock. */
  async function sendWithLimits(input: SendEmailInput, slot: SendSlot | null): Promise<SendEmailResult> {
    // One statement for every read (db/queries/send-context.ts); the template pin comes with it.
    const sendContext = await findSendContext(db, sendContextInput(input));
    const prepared = await prepareSend(prepareDeps, input, sendContext);
    if ("outcome" in prepared) return recorded(input, prepared.outcome);
    // A suppressed send writes its record now: limits only hold back emails that would go out.
    const gated = await insertMessageWithinLimits(
      db,
      prepared.isSuppressed ? undefined : input.limits,
      prepared.row,
      prepared.now,
    ).catch((error: unknown) => {
      // The run (or its contact, journey, template) was deleted meanwhile: retrying cannot help.
      throw deletedOwnerFailure(error, input, PERMANENT_SEND_ERROR) ?? error;
    });
    if ("deferred" in gated) return { status: "deferred", messageId: null, ...gated.deferred };
    const message = gated.message;
    // From here on the stored row is the truth: an earlier attempt may have written it.
    if (message.status === "suppressed") return recorded(input, suppressedOutcome(message));
    if (isHandedOff(message.status)) return recorded(input, sentOutcome(message));
    if (message.status === "failed") throw permanentFailure(message.error ?? `message ${message.id} failed earlier`);
    return handOffAlone(input, message, prepared.transport, slot);
  }

  /** The provider slot of this call; without a rate there is none (and maybe no activity context). */
  function slotOf(input: SendEmailInput): SendSlot | null {
    if (!deps.emailRatePerSecond) return null;
    // A local attempt runs on the journeys queue: its slot is the email queue's, and may not be far off.
    if (input.localAttempt) return { taskQueue: input.localAttempt.emailTaskQueue, maxWaitMs: LOCAL_SLOT_BUDGET_MS };
    return { taskQueue: Context.current().info.taskQueue };
  }

  return async function sendEmail(input: SendEmailInput): Promise<SendEmailResult> {
    const slot = slotOf(input);
    if (input.limits) return sendWithLimits(input, slot);
    const answer = await batches.submit(input, slot);
    if ("result" in answer) return answer.result;
    return handOffAlone(input, answer.handOff.message, answer.handOff.transport, slot);
  };
}
