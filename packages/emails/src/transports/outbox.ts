// The outbox transport: delivers to nowhere. The `messages` row the activity wrote before calling
// `send` IS the outbox, and the in-app Inbox reads it; this only validates and names the message.
// A batch is the same per email, with no I/O at all: the page's rows were written in one
// multi-row insert, and their hand-off is marked in one statement (messages-batch.ts).
import type { BatchOutcome, EmailTransport, OutgoingEmail, SendReceipt } from "./types";
import { assertSendable } from "./types";

function handOff(email: OutgoingEmail): SendReceipt {
  assertSendable(email);
  // Derived from the idempotency key: a retried send yields the same id.
  // Stored is delivered: the in-app Inbox is the recipient's mailbox.
  return { providerMessageId: `outbox:${email.idempotencyKey}`, isDelivered: true };
}

export function createOutboxTransport(): EmailTransport {
  return {
    name: "outbox",
    send(email: OutgoingEmail) {
      // Async so validation failures reject like a real provider call would.
      return Promise.resolve().then(() => handOff(email));
    },
    sendBatch(emails: readonly OutgoingEmail[]) {
      return Promise.resolve(
        emails.map((email): BatchOutcome => {
          try {
            return handOff(email);
          } catch (error) {
            return { error: error as Error };
          }
        }),
      );
    },
  };
}
