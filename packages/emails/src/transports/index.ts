// Transport registry: `createTransport(name)` from the deployable's validated EMAIL_TRANSPORT.
import { createOutboxTransport } from "./outbox";
import type { EmailTransport } from "./types";

export { assertSendable, parseAddress, PermanentSendError, type EmailTransport, type OutgoingEmail } from "./types";

export const TRANSPORT_NAMES = ["outbox"] as const;
export type TransportName = (typeof TRANSPORT_NAMES)[number];

export function createTransport(name: TransportName): EmailTransport {
  switch (name) {
    case "outbox":
      return createOutboxTransport();
    default:
      throw new Error(`Unknown email transport "${String(name)}"; expected one of: ${TRANSPORT_NAMES.join(", ")}`);
  }
}
