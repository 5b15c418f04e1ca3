// Transport registry: `createTransport(name, config)` from the deployable's validated env
// (EMAIL_TRANSPORT, SMTP_URL, RESEND_API_KEY, RESEND_BASE_URL) — the default; per-workspace
// transports with encrypted credentials come from `createWorkspaceTransports` (Settings page).
// Both connect through the outbound guard; the operator's own SMTP_URL / RESEND_BASE_URL host
// is allowed by name (the operator typed it into the instance's env, as they would the
// allow-list), while a workspace's host gets no such exception.
import { createOutboundGuard, type OutboundGuard } from "@mailstream/net";
import { createOutboxTransport } from "./outbox";
import { createResendTransport } from "./resend";
import { createSmtpTransport } from "./smtp";
import type { EmailTransport } from "./types";

export {
  assertSendable,
  parseAddress,
  PermanentSendError,
  type BatchOutcome,
  type EmailTransport,
  type OutgoingEmail,
  type SendReceipt,
} from "./types";
export { isSendReceipt, MAX_BATCH_EMAILS, sendBatch } from "./batch";
export { RetryableSendError } from "./resend";
export { createTransportFromSettings } from "./from-settings";
export { createWorkspaceTransports, type WorkspaceTransports } from "./workspace-transports";
export { openSecret, sealSecret, SecretBoxError } from "./secret-box";

export const TRANSPORT_NAMES = ["outbox", "smtp", "resend"] as const;
export type TransportName = (typeof TRANSPORT_NAMES)[number];

export type TransportConfig = {
  smtpUrl?: string | undefined;
  resendApiKey?: string | undefined;
  resendBaseUrl?: string | undefined;
  /** The instance's guard (MAILSTREAM_OUTBOUND_ALLOW); default: no private targets at all. */
  outbound?: OutboundGuard | undefined;
};

export function createTransport(name: TransportName, config: TransportConfig = {}): EmailTransport {
  const outbound = config.outbound ?? createOutboundGuard();
  switch (name) {
    case "outbox":
      return createOutboxTransport();
    case "smtp":
      if (!config.smtpUrl)
        throw new Error('EMAIL_TRANSPORT "smtp" needs SMTP_URL (e.g. smtp://user:pass@localhost:2525)');
      return createSmtpTransport(config.smtpUrl, outbound.alsoAllowing([hostOf(config.smtpUrl)]));
    case "resend":
      if (!config.resendApiKey) throw new Error('EMAIL_TRANSPORT "resend" needs RESEND_API_KEY');
      return createResendTransport({
        apiKey: config.resendApiKey,
        baseUrl: config.resendBaseUrl,
        outbound: config.resendBaseUrl ? outbound.alsoAllowing([hostOf(config.resendBaseUrl)]) : outbound,
      });
    default:
      throw new Error(`Unknown email transport "${String(name)}"; expected one of: ${TRANSPORT_NAMES.join(", ")}`);
  }
}

/** The host of an env URL (validated as a URL by @mailstream/env); "" if it has none. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}
