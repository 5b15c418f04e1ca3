// "Send test": renders the editor's content (as a chosen contact or sample JSON) and sends it to
// one address through the workspace's transport. The message is recorded with no journey, run
// or contact and an `X-Mailstream-Test` header: it shows in the Inbox, never in journey metrics.
// Topics and a plain unsubscribe are skipped on purpose (the author asked for it); a bounced,
// complaining or manually suppressed address is not mailed (findTestSendSuppression).
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { deliverMessageOnce, insertMessageOnce, markMessageFailed } from "@mailstream/db/queries/messages-write";
import { findWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import type { RenderContext } from "@mailstream/emails/render";
import type { TemplateContent } from "@mailstream/emails/template";
import { createTransport, createTransportFromSettings, parseAddress, PermanentSendError, type EmailTransport } from "@mailstream/emails/transports";
import { TRPCError } from "@trpc/server";
import { findTestSendSuppression } from "./suppressions";
import { previewTemplate } from "./templates";

/** The contract's demo sender (never a realistic address); used when neither template nor workspace sets one. */
const DEMO_FROM = "Mailstream Demo <demo@mailstream.test>";

export type TestSendInput = {
  to: string;
  content: TemplateContent & { fromAddress?: string | null | undefined; replyTo?: string | null | undefined };
  contactId?: string | undefined;
  context: RenderContext;
};

export async function sendTestEmail(
  db: Db,
  workspaceId: string,
  input: TestSendInput,
  options: { secret?: string | undefined; transport?: EmailTransport | undefined } = {},
) {
  if (parseAddress(input.to) === null) throw new TRPCError({ code: "BAD_REQUEST", message: `"${input.to}" is not a valid email address.` });
  const suppressed = await findTestSendSuppression(db, workspaceId, input.to);
  if (suppressed) return { status: "skipped" as const, reason: suppressed };
  const preview = await previewTemplate(db, workspaceId, { content: input.content, contactId: input.contactId, context: input.context });
  if (!preview.ok) throw new TRPCError({ code: "BAD_REQUEST", message: `The template does not render: ${preview.message}` });

  const settings = await findWorkspaceSettings(db, workspaceId);
  let transport: EmailTransport;
  try {
    transport = options.transport ?? (settings?.transport ? createTransportFromSettings(settings.transport, options.secret) : createTransport("outbox"));
  } catch (error) {
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: `Cannot use the workspace's transport: ${(error as Error).message}` });
  }
  const id = randomUUID();
  const replyTo = input.content.replyTo ?? settings?.defaultReplyTo ?? null;
  const message = await insertMessageOnce(db, {
    id,
    workspaceId,
    idempotencyKey: `test:${id}`,
    toAddress: input.to.trim(),
    fromAddress: input.content.fromAddress ?? settings?.defaultFrom ?? DEMO_FROM,
    subject: `[Test] ${preview.subject}`,
    html: preview.html,
    text: preview.text,
    headers: { "X-Mailstream-Test": "1", ...(replyTo ? { "Reply-To": replyTo } : {}) },
    transport: transport.name,
    status: "queued",
  });
  try {
    const sent = await deliverMessageOnce(db, message.id, (row) =>
      transport.send({
        idempotencyKey: row.idempotencyKey,
        from: row.fromAddress,
        to: row.toAddress,
        subject: row.subject,
        html: row.html,
        text: row.text,
        headers: row.headers,
      }),
    );
    return { status: "sent" as const, messageId: sent.id, transport: transport.name };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await markMessageFailed(db, message.id, reason);
    const code = error instanceof PermanentSendError ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR";
    throw new TRPCError({ code, message: `Test send failed: ${reason}` });
  }
}
