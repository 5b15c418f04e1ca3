// "Send test", the one contract for Settings and the template editor: one email to one address
// through the workspace's transport, recorded with no journey, run or contact and an
// `X-Mailstream-Test` header, so it shows in the Inbox and never in journey metrics. With
// `template`, the editor's content is rendered (as a chosen contact or sample JSON);
// without, a short transport check is sent. Topics and a plain unsubscribe are skipped on
// purpose (the author asked for it); a bounced, complaining or manually suppressed address
// is not mailed (findTestSendSuppression). Without a workspace transport it goes to the
// outbox: the worker's env transport is not known to the web process. A From the workspace
// chose (template or default) must be a declared sender (senders/senders.ts).
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { findWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import type { RenderContext } from "@mailstream/emails/render";
import type { TemplateContent } from "@mailstream/emails/template";
import {
  createTransport,
  createTransportFromSettings,
  parseAddress,
  PermanentSendError,
  type EmailTransport,
} from "@mailstream/emails/transports";
import { createOutboundGuard, type OutboundGuard } from "@mailstream/net";
import { AppError, AppErrorCode } from "../errors/app-error";
import { assertDeclaredSender } from "../senders/senders";
import { storeAndDeliverMessage } from "../messages/deliver-message";
import { findTestSendSuppression } from "../suppressions/suppressions";
import { previewTemplate } from "./templates";

/** The contract's demo sender (never a realistic address); used when neither template nor workspace sets one. */
const DEMO_FROM = "Mailstream Demo <demo@mailstream.test>";

export type TestSendTemplate = {
  content: TemplateContent & { fromAddress?: string | null | undefined; replyTo?: string | null | undefined };
  contactId?: string | undefined;
  context: RenderContext;
};

export type TestEmailResult =
  | { status: "sent"; messageId: string; transport: string; providerMessageId: string }
  | { status: "failed"; messageId: string; transport: string; error: string }
  /** Nothing stored or sent: the address bounced, complained or is suppressed by hand. */
  | { status: "skipped"; reason: string };

export interface SendTestEmailOptions {
  db: Db;
  workspaceId: string;
  to: string;
  /** The editor's content; absent: a short message naming the transport. */
  template?: TestSendTemplate | undefined;
  /** MAILSTREAM_SECRET: opens the transport's sealed credentials. */
  secret?: string | undefined;
  transport?: EmailTransport | undefined;
  /** The instance's outbound guard: the workspace's SMTP host / Resend base URL connect through it. */
  outbound?: OutboundGuard | undefined;
  /** A failed delivery as an AppError instead of a `failed` result (the template editor's contract). */
  throwOnFailure?: boolean | undefined;
}

export async function sendTestEmail(options: SendTestEmailOptions): Promise<TestEmailResult> {
  const { db, workspaceId, template } = options;
  const to = options.to.trim();
  if (parseAddress(to) === null)
    throw new AppError(AppErrorCode.INVALID_INPUT, `"${to}" is not a valid email address.`, {
      issues: [{ path: "to", message: "not a valid email address" }],
    });
  const settings = await findWorkspaceSettings(db, workspaceId);
  // A From the workspace chose must be one of its declared senders; the demo sender is the server's.
  const chosenFrom = template?.content.fromAddress || settings?.defaultFrom || null;
  if (chosenFrom !== null) {
    await assertDeclaredSender(
      db,
      workspaceId,
      chosenFrom,
      template?.content.fromAddress ? "fromAddress" : "defaultFrom",
    );
  }
  const suppressed = await findTestSendSuppression(db, workspaceId, to);
  if (suppressed) return { status: "skipped", reason: suppressed };
  let transport: EmailTransport;
  try {
    transport =
      options.transport ??
      (settings?.transport
        ? createTransportFromSettings(settings.transport, options.secret, options.outbound ?? createOutboundGuard())
        : createTransport("outbox"));
  } catch (error) {
    throw new AppError(
      AppErrorCode.PRECONDITION_FAILED,
      `Cannot use the workspace's transport: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const body = template ? await renderTestContent(db, workspaceId, template) : transportCheck(transport.name);
  const id = randomUUID();
  const replyTo = template?.content.replyTo ?? settings?.defaultReplyTo ?? null;
  const result = await storeAndDeliverMessage({
    db,
    transport,
    message: {
      id,
      workspaceId,
      idempotencyKey: `test:${id}`,
      toAddress: to,
      fromAddress: chosenFrom ?? DEMO_FROM,
      ...body,
      headers: { "X-Mailstream-Test": "1", ...(replyTo ? { "Reply-To": replyTo } : {}) },
      transport: transport.name,
      status: "queued",
    },
  });
  if (result.status === "sent") {
    return {
      status: "sent",
      messageId: result.message.id,
      transport: transport.name,
      providerMessageId: result.message.providerMessageId ?? "",
    };
  }
  if (options.throwOnFailure) {
    const code = result.error instanceof PermanentSendError ? AppErrorCode.INVALID_INPUT : AppErrorCode.UNAVAILABLE;
    throw new AppError(code, `Test send failed: ${result.error.message}`, { cause: result.error });
  }
  return { status: "failed", messageId: result.message.id, transport: transport.name, error: result.error.message };
}

async function renderTestContent(db: Db, workspaceId: string, template: TestSendTemplate) {
  const preview = await previewTemplate(db, workspaceId, template);
  if (!preview.ok) throw new AppError(AppErrorCode.INVALID_INPUT, `The template does not render: ${preview.message}`);
  return { subject: `[Test] ${preview.subject}`, html: preview.html, text: preview.text };
}

function transportCheck(transportName: string) {
  return {
    subject: "Mailstream test email",
    html: `<p>This is a test email from Mailstream, sent through the <strong>${transportName}</strong> transport.</p>`,
    text: `This is a test email from Mailstream, sent through the ${transportName} transport.`,
  };
}
