// The transport contract shared by every delivery channel (outbox, SMTP, Resend).
import { z } from "zod";

export type OutgoingEmail = {
  /** Stable per (run, node): a retried send reuses it, so providers can drop duplicates. */
  idempotencyKey: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
};

export type SendReceipt = { providerMessageId: string; isDelivered?: boolean };

/** One email's outcome in a batch hand-off: its receipt, or why it did not go (the others still may have). */
export type BatchOutcome = SendReceipt | { error: Error };

export type EmailTransport = {
  name: string;
  /** `isDelivered`: the hand-off is the delivery (the outbox), so no provider webhook will report it. */
  send(email: OutgoingEmail): Promise<SendReceipt>;
  /**
   * Hands over up to MAX_BATCH_EMAILS at once (broadcast pages): one outcome per email, in
   * order. `batchKey` is stable for the same emails, so a retried batch is recognisably the same
   * request (Resend's Idempotency-Key). Throws only when nothing was handed over and a retry may
   * help. Absent: batch.ts sends one by one through `send`.
   */
  sendBatch?(emails: readonly OutgoingEmail[], batchKey: string): Promise<BatchOutcome[]>;
};

/**
 * The email can never be sent as it is (bad address, empty subject…): retrying cannot help, so the
 * Temporal activity marks it non-retryable (`ApplicationFailure.nonRetryable`) and records the failure.
 */
export class PermanentSendError extends Error {
  override name = "PermanentSendError";
  readonly nonRetryable = true;
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
  }
}

// Deliberately plain: one @, no spaces or angle brackets, a dotted domain. Providers do the rest.
const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:.]+$/;
const DISPLAY_FORM = /^\s*(?:"[^"\r\n]*"|[^"<>\r\n]*?)\s*<([^<>\s]+)>\s*$/;

/** The bare address of `a@b.test` or `Name <a@b.test>`, or null when it is not a valid address. */
export function parseAddress(value: string): string | null {
  const display = DISPLAY_FORM.exec(value);
  const address = display ? (display[1] as string) : value.trim();
  return ADDRESS.test(address) ? address : null;
}

const HEADER_NAME = /^[!-9;-~]+$/; // RFC 5322 field name: printable ASCII except ":".
const hasLineBreak = (value: string) => /[\r\n]/.test(value);

export const ZOutgoingEmailShape = z.object({
  idempotencyKey: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  headers: z.record(z.string(), z.string()),
});

/** Throws `PermanentSendError` listing every problem; transports call this before delivering. */
export function assertSendable(email: OutgoingEmail): void {
  const shape = ZOutgoingEmailShape.safeParse(email);
  if (!shape.success) {
    const problems = shape.error.issues.map((issue) => `${issue.path.join(".") || "email"}: ${issue.message}`);
    throw new PermanentSendError(`Cannot send email: ${problems.join("; ")}`, problems);
  }
  const problems: string[] = [];
  if (email.idempotencyKey.trim() === "") problems.push("idempotencyKey is empty");
  if (parseAddress(email.to) === null) problems.push(`recipient "${email.to}" is not a valid email address`);
  if (parseAddress(email.from) === null) problems.push(`sender "${email.from}" is not a valid email address`);
  if (email.subject.trim() === "") problems.push("subject is empty");
  if (hasLineBreak(email.subject)) problems.push("subject contains a line break");
  if (email.html.trim() === "" && email.text.trim() === "") problems.push("both the HTML and the text part are empty");
  for (const [name, value] of Object.entries(email.headers)) {
    if (!HEADER_NAME.test(name)) problems.push(`header name "${name}" is invalid`);
    if (hasLineBreak(value)) problems.push(`header "${name}" contains a line break`);
  }
  if (problems.length > 0) throw new PermanentSendError(`Cannot send email: ${problems.join("; ")}`, problems);
}
