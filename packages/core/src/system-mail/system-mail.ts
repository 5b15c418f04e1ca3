// System emails — invitations, password reset and email verification links — sent through the
// server's default transport (EMAIL_TRANSPORT), never a workspace's own. One plain-text body
// and a simple HTML twin per kind. With the outbox transport nothing leaves the machine, so
// each one is also logged as a line with its link (the `npm start` log), and an invitation is
// kept in its workspace's Inbox; with SMTP or Resend nothing is stored: a link in a stored body
// would be readable by every member who may read the Inbox.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { createTransport, type EmailTransport } from "@mailstream/emails/transports";
import { storeAndDeliverMessage } from "../messages/deliver-message";

export type SystemEmailKind = "invitation" | "password-reset" | "email-verification";

export interface SystemEmail {
  kind: SystemEmailKind;
  to: string;
  subject: string;
  /** The one link the email is about; logged with the outbox. */
  link: string;
  /** Lines of the body; the link is added after them. */
  lines: string[];
  /** The button's words in the HTML part. */
  action: string;
  /** An invitation's workspace: with the outbox, the email is kept in its Inbox. */
  workspaceId?: string | undefined;
}

export interface SystemMailer {
  /** The public URL links point at (MAILSTREAM_PUBLIC_URL). */
  publicUrl: string;
  /** Resolves once the transport took the email; rejects with the transport's error. */
  send(email: SystemEmail): Promise<void>;
}

export interface SystemMailerConfig {
  db: Db;
  transport: EmailTransport;
  /** MAILSTREAM_DEFAULT_FROM. */
  from: string;
  publicUrl: string;
  /** Where the outbox line goes; the web process's stdout by default. */
  log?: ((line: string) => void) | undefined;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function renderSystemEmail(email: SystemEmail): { text: string; html: string } {
  const text = [...email.lines, "", `${email.action}: ${email.link}`, "", "— Mailstream"].join("\n");
  const paragraphs = email.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("\n");
  const html = `<!doctype html>
<html><body style="font-family: system-ui, sans-serif; font-size: 15px; line-height: 1.5; color: #1f2933;">
${paragraphs}
<p><a href="${escapeHtml(email.link)}" style="display: inline-block; padding: 10px 16px; background: #4f46e5; color: #ffffff; border-radius: 6px; text-decoration: none;">${escapeHtml(email.action)}</a></p>
<p style="color: #616e7c; font-size: 13px;">Or open this link: ${escapeHtml(email.link)}</p>
<p style="color: #616e7c; font-size: 13px;">— Mailstream</p>
</body></html>`;
  return { text, html };
}

export function createSystemMailer(config: SystemMailerConfig): SystemMailer {
  const log = config.log ?? ((line: string) => console.log(line));
  return {
    publicUrl: config.publicUrl,
    async send(email) {
      const body = renderSystemEmail(email);
      const isOutbox = config.transport.name === "outbox";
      if (isOutbox) log(`[mail] ${email.kind} for ${email.to}: ${email.link}`);
      const idempotencyKey = `system:${email.kind}:${randomUUID()}`;
      if (isOutbox && email.workspaceId) {
        // The Inbox is the outbox's mailbox: the invitation shows there like any other email.
        const result = await storeAndDeliverMessage({
          db: config.db,
          transport: config.transport,
          message: {
            workspaceId: email.workspaceId,
            idempotencyKey,
            toAddress: email.to,
            fromAddress: config.from,
            subject: email.subject,
            ...body,
            headers: { "X-Mailstream-System": email.kind },
            transport: config.transport.name,
            status: "queued",
          },
        });
        if (result.status === "failed") throw result.error;
        return;
      }
      await config.transport.send({
        idempotencyKey,
        from: config.from,
        to: email.to,
        subject: email.subject,
        ...body,
        headers: { "X-Mailstream-System": email.kind },
      });
    },
  };
}

/** The outbox on localhost: for a process that was given no mailer (tests, scripts). */
export function createLocalSystemMailer(db: Db, log?: (line: string) => void): SystemMailer {
  return createSystemMailer({
    db,
    transport: createTransport("outbox"),
    from: "Mailstream <no-reply@mailstream.test>",
    publicUrl: "http://localhost:3000",
    log,
  });
}
