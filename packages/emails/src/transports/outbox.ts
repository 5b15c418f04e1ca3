// The outbox transport: delivers to nowhere. The `messages` row the activity wrote before calling
// `send` IS the outbox, and the in-app Inbox reads it; this only validates and names the message.
import { assertSendable, type EmailTransport, type OutgoingEmail } from "./types";

export function createOutboxTransport(): EmailTransport {
  return {
    name: "outbox",
    send(email: OutgoingEmail) {
      // Async so validation failures reject like a real provider call would.
      return Promise.resolve().then(() => {
        assertSendable(email);
        // Derived from the idempotency key: a retried send yields the same id.
        // Stored is delivered: the in-app Inbox is the recipient's mailbox.
        return { providerMessageId: `outbox:${email.idempotencyKey}`, isDelivered: true };
      });
    },
  };
}
