// What a journey send answers the workflow, and the run steps it writes for it (LEAN_SEND_PATCH:
// the email step; WORKER_LEAN_PATCH: the exit and the run's end after it). One place for both,
// so a send handed off alone (send-email.ts) and one handed off in a batch (send-batch.ts)
// answer field for field the same.
import type { Message } from "@mailstream/db/queries/messages-send";
import type { RunEnd, RunStepInput, RunStepsWrite } from "@mailstream/db/queries/runs";
import type { SendEmailInput, SendEmailResult } from "./send-email";

/** A send's settled outcome, before the steps' answer is added. */
export type SendOutcome =
  | { status: "sent"; messageId: string }
  /** Stored but not sent; `reason` names the suppression or consent rule (absent on rows stored before reasons were). */
  | { status: "suppressed"; messageId: string; reason?: string }
  | { status: "skipped"; messageId: null; reason: string };

/** What a local attempt answers when its provider slot is too far off (send-email.ts, `localAttempt`). */
export const PROVIDER_BUSY: SendEmailResult = { status: "busy", messageId: null };

/** How the exit node ends a run (as the workflow's `endRun` does). */
const COMPLETED: RunEnd = { status: "completed" };

export const sentOutcome = (message: Pick<Message, "id">): SendOutcome => ({ status: "sent", messageId: message.id });

export const skippedOutcome = (reason: string): SendOutcome => ({ status: "skipped", messageId: null, reason });

export function suppressedOutcome(message: Pick<Message, "id" | "error">): SendOutcome {
  return message.error
    ? { status: "suppressed", messageId: message.id, reason: message.error }
    : { status: "suppressed", messageId: message.id };
}

/** What the step's `detail` records beside the template: the message, and why it was not sent. */
function detailOf(outcome: SendOutcome): Record<string, unknown> {
  if (outcome.status === "skipped") return { reason: outcome.reason };
  if (outcome.status === "suppressed" && outcome.reason !== undefined)
    return { messageId: outcome.messageId, reason: outcome.reason };
  return { messageId: outcome.messageId };
}

/**
 * The email step for this outcome and, when the run ends at the next node, the exit step and the
 * run's end (recordFinalRunSteps); null when the input has no `stepSeq` (the workflow records it).
 */
export function sendStepsWrite(input: SendEmailInput, outcome: SendOutcome, at: Date): RunStepsWrite | null {
  if (input.stepSeq === undefined) return null;
  const run = { runId: input.runId, journeyId: input.journeyId, at };
  const email: RunStepInput = {
    ...run,
    seq: input.stepSeq,
    nodeId: input.nodeId,
    kind: "email",
    outcome: outcome.status,
    detail: { templateId: input.templateId, ...detailOf(outcome) },
  };
  if (!input.exitStep) return { steps: [email] };
  const exit = { ...run, seq: input.stepSeq + 1, nodeId: input.exitStep.nodeId, kind: "exit", outcome: "exited" };
  return { steps: [email, exit], end: COMPLETED };
}

/** The workflow's answer: the outcome and, when its steps were written, whether the run row was there. */
export function sendResult(input: SendEmailInput, outcome: SendOutcome, isRunPresent?: boolean): SendEmailResult {
  if (isRunPresent === undefined) return outcome;
  return { ...outcome, isRunPresent, ...(input.exitStep ? { isExitRecorded: true as const } : {}) };
}
