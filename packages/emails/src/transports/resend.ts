// The Resend transport: Resend's send endpoint (POST {baseUrl}/emails, the API the official SDK
// calls) and its batch endpoint (POST {baseUrl}/emails/batch, up to 100 emails, answered with
// their ids in order) through the outbound guard, since a workspace chooses the base URL and the
// SDK's global fetch cannot be pinned to a checked address. Our idempotency key goes out as
// Resend's `Idempotency-Key` (a batch's key covers the whole call), so a retried activity cannot
// send twice. 4xx (except 429) is permanent; 429, 5xx and network failures are thrown as
// retryable errors.
import { OutboundError, type OutboundGuard } from "@mailstream/net";
import { sendOneByOne } from "./batch";
import {
  assertSendable,
  PermanentSendError,
  type BatchOutcome,
  type EmailTransport,
  type OutgoingEmail,
} from "./types";

export const RESEND_DEFAULT_BASE_URL = "https://api.resend.com";

export class RetryableSendError extends Error {
  override name = "RetryableSendError";
}

function toPayload(email: OutgoingEmail) {
  return {
    from: email.from,
    to: [email.to],
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: email.headers,
  };
}

export function createResendTransport(options: {
  apiKey: string;
  baseUrl?: string | undefined;
  outbound: OutboundGuard;
}): EmailTransport {
  const base = (options.baseUrl ?? RESEND_DEFAULT_BASE_URL).replace(/\/+$/, "");

  /** One POST; the parsed answer of a 2xx, else the error the status calls for. */
  async function post(path: string, idempotencyKey: string, body: unknown): Promise<unknown> {
    let response;
    try {
      response = await options.outbound.request(`${base}${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          "content-type": "application/json",
          "idempotency-key": idempotencyKey,
          "user-agent": "Mailstream",
        },
        body: JSON.stringify(body),
        timeoutMs: 30_000,
        maxResponseBytes: 256 * 1024,
      });
    } catch (error) {
      if (error instanceof OutboundError && error.permanent) throw new PermanentSendError(`Resend: ${error.message}`);
      throw new RetryableSendError(`Resend network error: ${(error as Error).message}`);
    }
    const answer = parseJson(response.body.toString("utf8"));
    const { status } = response;
    if (status < 200 || status >= 300) {
      const message = isRecord(answer) && typeof answer.message === "string" ? answer.message : "no error message";
      const detail = `Resend ${status}: ${message}`;
      if (status >= 400 && status < 500 && status !== 429) throw new PermanentSendError(detail);
      throw new RetryableSendError(detail);
    }
    return answer;
  }

  const send: EmailTransport["send"] = async (email) => {
    assertSendable(email);
    const answer = await post("/emails", email.idempotencyKey, toPayload(email));
    if (!isRecord(answer) || typeof answer.id !== "string" || answer.id === "") {
      throw new RetryableSendError("Resend answered without an email id");
    }
    return { providerMessageId: answer.id };
  };

  return {
    name: "resend",
    send,
    async sendBatch(emails, batchKey) {
      // Resend refuses a whole batch for one bad email: those fail here, alone, before the call.
      const outcomes: (BatchOutcome | null)[] = emails.map((email) => {
        try {
          assertSendable(email);
          return null;
        } catch (error) {
          return { error: error as Error };
        }
      });
      const sendable = emails.filter((_, i) => outcomes[i] === null);
      if (sendable.length === 0) return outcomes as BatchOutcome[];
      let ids: string[];
      try {
        const answer = await post("/emails/batch", batchKey, sendable.map(toPayload));
        ids = batchIds(answer, sendable.length);
      } catch (error) {
        // Refused as a whole (a 4xx Resend found in one email): nothing went, so each email
        // goes on its own under its own key, and only the bad one fails.
        if (!(error instanceof PermanentSendError)) throw error;
        const single = await sendOneByOne({ send }, sendable);
        let next = 0;
        return outcomes.map((outcome) => outcome ?? (single[next++] as BatchOutcome));
      }
      let next = 0;
      return outcomes.map((outcome) => outcome ?? { providerMessageId: ids[next++] as string });
    },
  };
}

/** `{ data: [{ id }, …] }`, one id per email in request order, or a retryable error. */
function batchIds(answer: unknown, expected: number): string[] {
  const data = isRecord(answer) ? answer.data : undefined;
  const ids = Array.isArray(data) ? data.map((item: unknown) => (isRecord(item) ? item.id : undefined)) : [];
  if (ids.length !== expected || !ids.every((id): id is string => typeof id === "string" && id !== "")) {
    throw new RetryableSendError(`Resend's batch answer named ${ids.length} email ids for ${expected} emails`);
  }
  return ids;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
