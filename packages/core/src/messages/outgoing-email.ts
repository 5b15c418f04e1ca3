// The email a stored message row hands to a transport: one mapping for every hand-off path
// (a single send, a journey batch, a broadcast page).
import type { Message } from "@mailstream/db/queries/messages-send";
import type { OutgoingEmail } from "@mailstream/emails/transports";

export type OutgoingFields = Pick<
  Message,
  "idempotencyKey" | "fromAddress" | "toAddress" | "subject" | "html" | "text" | "headers"
>;

export function toOutgoing(row: OutgoingFields): OutgoingEmail {
  return {
    idempotencyKey: row.idempotencyKey,
    from: row.fromAddress,
    to: row.toAddress,
    subject: row.subject,
    html: row.html,
    text: row.text,
    headers: row.headers,
  };
}
