// Signed tracking tokens: the open pixel, click redirect and unsubscribe links carry one.
// Format `<payload>.<sig>`, both base64url; payload is a compact JSON array, the signature
// HMAC-SHA256 over the payload text with MAILSTREAM_SECRET. The click URL lives inside the
// signed payload, so the redirect can only go where the email pointed (no open redirect).
import { createHmac, timingSafeEqual } from "node:crypto";

export type TrackingTokenPayload =
  | { kind: "open"; messageId: string }
  | { kind: "click"; messageId: string; url: string }
  /** `topicId`: the email's subscription topic; one-click then leaves that topic, not every email. */
  | { kind: "unsubscribe"; messageId: string; topicId?: string };

const KIND_CODES = { open: "o", click: "c", unsubscribe: "u" } as const;
const MIN_SECRET_LENGTH = 16;

function assertSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`MAILSTREAM_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
}

function sign(secret: string, encodedPayload: string): Buffer {
  return createHmac("sha256", secret).update(encodedPayload).digest();
}

export function signTrackingToken(secret: string, payload: TrackingTokenPayload): string {
  assertSecret(secret);
  const compact: string[] = [KIND_CODES[payload.kind], payload.messageId];
  if (payload.kind === "click") compact.push(payload.url);
  if (payload.kind === "unsubscribe" && payload.topicId) compact.push(payload.topicId);
  const encoded = Buffer.from(JSON.stringify(compact)).toString("base64url");
  return `${encoded}.${sign(secret, encoded).toString("base64url")}`;
}

/** The payload of a genuine token, or null for anything tampered, truncated or malformed. */
export function verifyTrackingToken(secret: string, token: string): TrackingTokenPayload | null {
  assertSecret(secret);
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [encoded, signature] = parts as [string, string];
  const expected = sign(secret, encoded);
  const given = Buffer.from(signature, "base64url");
  // Constant-time compare; the length check first because timingSafeEqual requires equal lengths.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let compact: unknown;
  try {
    compact = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(compact) || !compact.every((part) => typeof part === "string")) return null;
  const [code, messageId, url] = compact as string[];
  if (!messageId) return null;
  if (code === "o" && compact.length === 2) return { kind: "open", messageId };
  if (code === "u" && compact.length === 2) return { kind: "unsubscribe", messageId };
  if (code === "u" && compact.length === 3 && url) return { kind: "unsubscribe", messageId, topicId: url };
  if (code === "c" && compact.length === 3 && url) return { kind: "click", messageId, url };
  return null;
}

/** The public URLs the email embeds; routes live in apps/web (`/t/o`, `/t/c`, `/unsubscribe`). */
export function buildTrackingUrls(publicUrl: string, secret: string, messageId: string, topicId?: string | null) {
  const base = publicUrl.replace(/\/+$/, "");
  const unsubscribe: TrackingTokenPayload = topicId
    ? { kind: "unsubscribe", messageId, topicId }
    : { kind: "unsubscribe", messageId };
  return {
    open: `${base}/t/o/${signTrackingToken(secret, { kind: "open", messageId })}`,
    click: (url: string) => `${base}/t/c/${signTrackingToken(secret, { kind: "click", messageId, url })}`,
    unsubscribe: `${base}/unsubscribe/${signTrackingToken(secret, unsubscribe)}`,
  };
}
