// Store → deliver → mark failed: the one sequence every send goes through. The stored row
// is the truth (its idempotency key makes a retry find it), delivery happens under the
// row's lock (deliverMessageOnce), and a failure the caller calls final is written on the row
// so the Inbox shows why. The test send uses storeAndDeliverMessage; the `sendEmail`
// activity, which stores through its own send limits, calls deliverStoredMessage.
import type { Db } from "@mailstream/db/client";
import {
  deliverMessageOnce,
  insertMessageOnce,
  markMessageFailed,
  type Message,
  type NewMessage,
} from "@mailstream/db/queries/messages-send";
import type { RunStepsWrite } from "@mailstream/db/queries/runs";
import type { EmailTransport } from "@mailstream/emails/transports";
import { toOutgoing } from "./outgoing-email";
import { retryAbortedTransaction } from "./retry-aborted";

export type DeliverResult =
  /** `isRunPresent`: set when `stepsWith` gave steps, which were written with the hand-off. */
  { status: "sent"; message: Message; isRunPresent?: boolean } | { status: "failed"; message: Message; error: Error };

export interface DeliverStoredMessageOptions {
  db: Db;
  message: Message;
  transport: EmailTransport;
  /** Whether a delivery error is final (marked on the row, returned); otherwise it is rethrown for a retry. */
  isFinalError?: ((error: unknown) => boolean) | undefined;
  /** Steps written in the hand-off's last statement once the row is settled (deliverMessageOnce). */
  stepsWith?: ((message: Message) => RunStepsWrite | null) | undefined;
}

export async function deliverStoredMessage({
  db,
  message,
  transport,
  isFinalError = () => true,
  stepsWith,
}: DeliverStoredMessageOptions): Promise<DeliverResult> {
  try {
    // One hand-over to the transport, whatever happens to the transaction recording it.
    let receipt: ReturnType<EmailTransport["send"]> | undefined;
    const handOver = (row: Message) => (receipt ??= transport.send(toOutgoing(row)));
    const handedOff = await retryAbortedTransaction(() => deliverMessageOnce(db, message.id, handOver, stepsWith));
    return { status: "sent", ...handedOff };
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
