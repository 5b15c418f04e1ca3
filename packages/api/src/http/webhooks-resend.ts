// POST /api/webhooks/resend — a bad signature gets 401 and changes nothing; a verified event
// is applied idempotently (200 also for duplicates and events about unknown messages, so
// Resend stops retrying them).
import type { Db } from "@mailstream/db/client";
import {
  applyResendEvent,
  verifyResendWebhook,
  WebhookSignatureError,
} from "@mailstream/core/tracking/webhooks-resend";
import { BODY_LIMITS, payloadTooLarge, readBodyLimited } from "./body";
import { errorResponse, jsonResponse, respond } from "./responses";

export type ResendWebhookDeps = { db: Db; signingSecret: string | undefined };

export async function handleResendWebhook(req: Request, deps: ResendWebhookDeps): Promise<Response> {
  if (!deps.signingSecret)
    return errorResponse(503, "Resend webhooks are not configured (RESEND_WEBHOOK_SECRET is not set).");
  const read = await readBodyLimited(req, BODY_LIMITS.webhook);
  if (!read.ok) return payloadTooLarge(BODY_LIMITS.webhook, read.bytes);
  const body = read.text;
  let event;
  try {
    event = verifyResendWebhook(deps.signingSecret, req.headers, body);
  } catch (error) {
    if (error instanceof WebhookSignatureError) return errorResponse(401, error.message);
    return errorResponse(400, `invalid webhook payload: ${(error as Error).message}`);
  }
  // A database outage answers 503, so Resend retries the event later.
  return respond("resend webhook", async () => {
    const result = await applyResendEvent(deps.db, req.headers.get("svix-id") as string, event);
    return jsonResponse(200, { success: true, result });
  });
}
