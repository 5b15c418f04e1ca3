// The Resend transport (official SDK). Our idempotency key goes out as Resend's
// `Idempotency-Key`, so a retried activity cannot send twice. The base URL is configurable
// (RESEND_BASE_URL) for tests and proxies. 4xx (except 429) is permanent; 429, 5xx and
// network failures are thrown as retryable errors.
import { Resend } from "resend";
import { assertSendable, PermanentSendError, type EmailTransport, type OutgoingEmail } from "./types";

export class RetryableSendError extends Error {
  override name = "RetryableSendError";
}

export function createResendTransport(options: { apiKey: string; baseUrl?: string | undefined }): EmailTransport {
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, "") } : {});
  return {
    name: "resend",
    async send(email: OutgoingEmail) {
      assertSendable(email);
      const { data, error } = await client.emails.send(
        {
          from: email.from,
          to: [email.to],
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
        },
        { idempotencyKey: email.idempotencyKey },
      );
      if (error) {
        const status = (error as { statusCode?: number | null }).statusCode ?? null;
        const detail = `Resend ${status ?? "network error"}: ${error.message}`;
        if (status !== null && status >= 400 && status < 500 && status !== 429) throw new PermanentSendError(detail);
        throw new RetryableSendError(detail);
      }
      if (!data?.id) throw new RetryableSendError("Resend answered without an email id");
      return { providerMessageId: data.id };
    },
  };
}
