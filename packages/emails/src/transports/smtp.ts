// The SMTP transport (nodemailer). The Message-ID is derived from the idempotency key, so
// a retried activity sends a recognisably identical message (receivers and our logs can
// drop the duplicate). SMTP 5xx replies are permanent; 4xx and connection failures retry.
// Every connection is opened by the outbound guard (@mailstream/net): nodemailer's own DNS
// lookup never runs, the socket goes to the address the guard checked, and TLS (implicit or
// STARTTLS) still verifies the certificate against the host name.
import { OutboundError, type OutboundGuard } from "@mailstream/net";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { sendOneByOne } from "./batch";
import { assertSendable, parseAddress, PermanentSendError, type EmailTransport, type OutgoingEmail } from "./types";

/** `<base64url(idempotencyKey)@sender-domain>`: only atext characters, and reversible. */
export function messageIdFromKey(idempotencyKey: string, from: string): string {
  const domain = parseAddress(from)?.split("@")[1] ?? "mailstream.local";
  return `<${Buffer.from(idempotencyKey).toString("base64url")}@${domain}>`;
}

/** Host/port form used by per-workspace settings (the URL form comes from the worker's SMTP_URL). */
export type SmtpOptions = { host: string; port: number; secure: boolean; user: string | null; password: string | null };

export function createSmtpTransport(target: string | SmtpOptions, outbound: OutboundGuard): EmailTransport {
  // nodemailer's hook for proxies; here it is the guard. Its default ports are ours too.
  const getSocket: SMTPTransport.Options["getSocket"] = (options, callback) => {
    const port = Number(options.port) || (options.secure ? 465 : 587);
    outbound.openSocket(options.host ?? "localhost", port).then(
      (connection) => callback(null, { connection }),
      (error: Error) => callback(error, undefined),
    );
  };
  const mailer = nodemailer.createTransport(
    typeof target === "string"
      ? { url: target, getSocket }
      : {
          host: target.host,
          port: target.port,
          secure: target.secure,
          ...(target.user ? { auth: { user: target.user, pass: target.password ?? "" } } : {}),
          // A settings typo must fail the send (and the "Send test email" button) quickly.
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          getSocket,
        },
  );
  const transport: EmailTransport = {
    name: "smtp",
    // SMTP has no batch command: a batch is its emails in turn over the same transporter, each
    // with its key-derived Message-ID; after a connection failure the rest wait for the retry.
    sendBatch: (emails) => sendOneByOne(transport, emails),
    async send(email: OutgoingEmail) {
      assertSendable(email);
      const messageId = messageIdFromKey(email.idempotencyKey, email.from);
      // Our Message-ID wins over one in the stored headers.
      const headers = Object.fromEntries(
        Object.entries(email.headers).filter(([name]) => name.toLowerCase() !== "message-id"),
      );
      try {
        await mailer.sendMail({
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers,
          messageId,
        });
      } catch (error) {
        if (error instanceof OutboundError && error.permanent) throw new PermanentSendError(`SMTP: ${error.message}`);
        const code = (error as { responseCode?: number }).responseCode;
        if (typeof code === "number" && code >= 500) {
          throw new PermanentSendError(`SMTP server refused the message (${code}): ${(error as Error).message}`);
        }
        throw error; // 4xx, timeouts, refused connections: the activity's retry policy tries again
      }
      return { providerMessageId: messageId };
    },
  };
  return transport;
}
