// The Resend transport: Resend's send endpoint (POST {baseUrl}/emails, the API the official SDK
// calls) through the outbound guard, since a workspace chooses the base URL and the SDK's global
// fetch cannot be pinned to a checked address. Our idempotency key goes out as Resend's
// `Idempotency-Key`, so a retried activity cannot send twice. 4xx (except 429) is permanent;
// 429, 5xx and network failures are thrown as retryable errors.
import { OutboundError, type OutboundGuard } from "@mailstream/net";
import { assertSendable, PermanentSendError, type EmailTransport, type OutgoingEmail } from "./types";

export const RESEND_DEFAULT_BASE_URL = "https://api.resend.com";

export class RetryableSendError extends Error {
  override name = "RetryableSendError";
}

export function createResendTransport(options: {
  apiKey: string;
  baseUrl?: string | undefined;
  outbound: OutboundGuard;
}): EmailTransport {
  const endpoint = `${(options.baseUrl ?? RESEND_DEFAULT_BASE_URL).replace(/\/+$/, "")}/emails`;
  return {
    name: "resend",
    async send(email: OutgoingEmail) {
      assertSendable(email);
      const payload = {
        from: email.from,
        to: [email.to],
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: email.headers,
      };
      let response;
      try {
        response = await options.outbound.request(endpoint, {
          method: "POST",
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            "content-type": "application/json",
            "idempotency-key": email.idempotencyKey,
            "user-agent": "Mailstream",
          },
          body: JSON.stringify(payload),
          timeoutMs: 30_000,
          maxResponseBytes: 64 * 1024,
        });
      } catch (error) {
        if (error instanceof OutboundError && error.permanent) throw new PermanentSendError(`Resend: ${error.message}`);
        throw new RetryableSendError(`Resend network error: ${(error as Error).message}`);
      }
      const answer = parseJson(response.body.toString("utf8"));
      const { status } = response;
      if (status < 200 || status >= 300) {
        const detail = `Resend ${status}: ${typeof answer?.message === "string" ? answer.message : "no error message"}`;
        if (status >= 400 && status < 500 && status !== 429) throw new PermanentSendError(detail);
        throw new RetryableSendError(detail);
      }
      if (typeof answer?.id !== "string" || answer.id === "") {
        throw new RetryableSendError("Resend answered without an email id");
      }
      return { providerMessageId: answer.id };
    },
  };
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
