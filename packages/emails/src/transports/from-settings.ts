// A transport from a workspace's stored settings (Settings page): secrets are opened with
// MAILSTREAM_SECRET here, at the last moment, and live only inside the transport object. The
// host and base URL are what a workspace member typed, so they connect only through the
// outbound guard, with no exception for them.
import type { StoredTransportSettings } from "@mailstream/db/schema";
import type { OutboundGuard } from "@mailstream/net";
import { createOutboxTransport } from "./outbox";
import { createResendTransport } from "./resend";
import { openSecret } from "./secret-box";
import { createSmtpTransport } from "./smtp";
import type { EmailTransport } from "./types";

export function createTransportFromSettings(
  settings: StoredTransportSettings,
  secret: string | undefined,
  outbound: OutboundGuard,
): EmailTransport {
  if (settings.kind === "outbox") return createOutboxTransport();
  if (!secret) {
    throw new Error(
      `the workspace's ${settings.kind} transport has encrypted credentials, but MAILSTREAM_SECRET is not set in this process`,
    );
  }
  if (settings.kind === "smtp") {
    return createSmtpTransport(
      { ...settings, password: settings.password === null ? null : openSecret(secret, settings.password) },
      outbound,
    );
  }
  return createResendTransport({
    apiKey: openSecret(secret, settings.apiKey),
    baseUrl: settings.baseUrl ?? undefined,
    outbound,
  });
}
