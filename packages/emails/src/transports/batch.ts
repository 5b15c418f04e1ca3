// Batch hand-off, whatever the transport: its own `sendBatch` when it has one (Resend's batch
// endpoint, the outbox), else one `send` per email. Either way each email gets its own outcome,
// so one bad address fails only itself.
import { PermanentSendError, type BatchOutcome, type EmailTransport, type OutgoingEmail } from "./types";

/** Resend's batch endpoint takes at most 100 emails a call; pages are cut to fit. */
export const MAX_BATCH_EMAILS = 100;

export function isSendReceipt(outcome: BatchOutcome): outcome is Exclude<BatchOutcome, { error: Error }> {
  return !("error" in outcome);
}

/**
 * One `send` per email, in order; an error is that email's outcome. After an error a retry may
 * cure (a refused connection, a 429) the rest are not tried: they get the same error and wait
 * for the retry instead of each timing out.
 */
export async function sendOneByOne(
  transport: Pick<EmailTransport, "send">,
  emails: readonly OutgoingEmail[],
): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  let transient: Error | null = null;
  for (const email of emails) {
    if (transient) {
      outcomes.push({ error: transient });
      continue;
    }
    try {
      outcomes.push(await transport.send(email));
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      if (!(error instanceof PermanentSendError)) transient = error;
      outcomes.push({ error });
    }
  }
  return outcomes;
}

/** Hands `emails` to the transport in batches of at most MAX_BATCH_EMAILS (`<batchKey>` then `<batchKey>/2`…). */
export async function sendBatch(
  transport: EmailTransport,
  emails: readonly OutgoingEmail[],
  batchKey: string,
): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  for (let start = 0; start < emails.length; start += MAX_BATCH_EMAILS) {
    const chunk = emails.slice(start, start + MAX_BATCH_EMAILS);
    const key = start === 0 ? batchKey : `${batchKey}/${start / MAX_BATCH_EMAILS + 1}`;
    outcomes.push(
      ...(transport.sendBatch ? await transport.sendBatch(chunk, key) : await sendOneByOne(transport, chunk)),
    );
  }
  return outcomes;
}
