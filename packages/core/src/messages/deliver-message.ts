// Store → deliver → mark failed: the one sequence every send goes through. The stored row
// is the truth (its idempotency key makes a retry find it), delivery happens under the
// row's lock (deliverMessageOnce), and a failure the caller calls final is written on the row
// so the Inbox shows why. The test send uses storeAndDeliverMessage; the `sendEmail`
// activity, which stores through its own send limits, calls deliverStoredMessage.
import type { Db, Tx } from "@mailstream/db/client";
import {
  deliverMessageOnce,
  insertMessageOnce,
  markMessageFailed,
  type Message,
  type NewMessage,
} from "@mailstream/db/queries/messages-send";
import type { EmailTransport } from "@mailstream/emails/transports";

export type DeliverResult = { status: "sent"; message: Message } | { status: "failed"; message: Message; error: Error };

export interface DeliverStoredMessageOptions {
  db: Db;
  message: Message;
  transport: EmailTransport;
  /** Whether a delivery error is final (marked on the row, returned); otherwise it is rethrown for a retry. */
  isFinalError?: ((error: unknown) => boolean) | undefined;
  /** Written in the hand-off's transaction once the row is settled (deliverMessageOnce). */
  withinLock?: ((tx: Tx, message: Message) => Promise<void>) | undefined;
}

export async function deliverStoredMessage({
  db,
  message,
  transport,
  isFinalError = () => true,
  withinLock,
}: DeliverStoredMessageOptions): Promise<DeliverResult> {
  try {
    const sent = await deliverMessageOnce(
      db,
      message.id,
      (row) =>
        transport.send({
          idempotencyKey: row.idempotencyKey,
          from: row.fromAddress,
          to: row.toAddress,
          subject: row.subject,
          html: row.html,
          text: row.text,
          headers: row.headers,
        }),
      withinLock,
    );
    return { status: "sent", message: sent };
  } catch (caught) {
    if (!isFinalError(caught)) throw caught;
    const error = caught instanceof Error ? caught : new Error(String(caught));
    await markMessageFailed(db, message.id, error.message);
    return { status: "failed", message, error };
  }
}

export async function storeAndDeliverMessage(
  options: Omit<DeliverStoredMessageOptions, "message"> & { message: NewMessage },
): Promise<DeliverResult> {
  const stored = await insertMessageOnce(options.db, options.message);
  return deliverStoredMessage({ ...options, message: stored });
}
