// "Email me a new link": an old unsubscribe token may not turn email back on (unsubscribe.ts),
// so the preference page offers to mail a fresh link to the address the token names. Only
// that mailbox receives it, so a leaked old link gains nothing. One per address per hour
// (the idempotency key), through the workspace's transport like a test send, recorded in the
// Inbox without journey, run or template. A bounced, complained or hand-suppressed address
// is not mailed; the recipient's own "unsubscribe from all" does not stop this one email.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { findWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import { escapeHtml } from "@mailstream/emails/liquid";
import { buildTrackingUrls } from "@mailstream/emails/tracking/token";
import { createTransport, createTransportFromSettings, type EmailTransport } from "@mailstream/emails/transports";
import { createOutboundGuard, type OutboundGuard } from "@mailstream/net";
import { storeAndDeliverMessage } from "../messages/deliver-message";
import { findUnsubscribeTarget } from "./unsubscribe";

/** The demo sender (never a realistic address) when the workspace sets no default. */
const DEMO_FROM = "Mailstream Demo <demo@mailstream.test>";
const HOUR_MS = 60 * 60 * 1000;

export type PreferenceLinkResult =
  | { status: "sent"; email: string }
  /** One was already mailed to this address within the hour. */
  | { status: "already_sent"; email: string }
  /** Bounced, complained or suppressed by hand: this sender does not mail the address. */
  | { status: "not_sent"; email: string }
  | { status: "failed"; email: string };

export async function mailFreshPreferenceLink(
  db: Db,
  keys: { secret: string; publicUrl: string },
  token: string,
  options: {
    transport?: EmailTransport | undefined;
    /** The instance's outbound guard (MAILSTREAM_OUTBOUND_ALLOW); absent: no private target at all. */
    outbound?: OutboundGuard | undefined;
    now?: Date | undefined;
  } = {},
): Promise<PreferenceLinkResult | null> {
  const now = options.now ?? new Date();
  const target = await findUnsubscribeTarget(db, keys.secret, token, now);
  if (!target) return null;
  const email = target.email;
  if (target.suppressionReason !== null && target.suppressionReason !== "unsubscribed")
    return { status: "not_sent", email };
  const settings = await findWorkspaceSettings(db, target.workspaceId);
  let transport: EmailTransport;
  try {
    transport =
      options.transport ??
      (settings?.transport
        ? createTransportFromSettings(settings.transport, keys.secret, options.outbound ?? createOutboundGuard())
        : createTransport("outbox"));
  } catch {
    return { status: "failed", email }; // stored credentials that cannot be opened: the sender must fix Settings
  }
  const id = randomUUID();
  // The new token names the new message, which has the same recipient, contact and workspace.
  const link = buildTrackingUrls(keys.publicUrl, keys.secret, id, target.topicId, now).unsubscribe;
  const result = await storeAndDeliverMessage({
    db,
    transport,
    message: {
      id,
      workspaceId: target.workspaceId,
      contactId: target.contactId,
      idempotencyKey: `preference-link:${target.workspaceId}:${email.toLowerCase()}:${Math.floor(now.getTime() / HOUR_MS)}`,
      toAddress: email,
      fromAddress: settings?.defaultFrom ?? DEMO_FROM,
      subject: "Your email preferences link",
      html: `<p>You asked for a new link to your email preferences for ${escapeHtml(email)}.</p><p><a href="${escapeHtml(link)}">Open my email preferences</a></p><p>The link works for 30 days. If you did not ask for it, ignore this email: nothing changes.</p>`,
      text: `You asked for a new link to your email preferences for ${email}.\n\nOpen my email preferences: ${link}\n\nThe link works for 30 days. If you did not ask for it, ignore this email: nothing changes.\n`,
      headers: { "X-Mailstream-Preferences-Link": "1" },
      transport: transport.name,
      status: "queued",
    },
  });
  if (result.message.id !== id) return { status: "already_sent", email };
  return { status: result.status === "sent" ? "sent" : "failed", email };
}
