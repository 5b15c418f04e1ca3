// Resend webhooks: verify the Svix signature (HMAC-SHA256 of `${id}.${timestamp}.${body}`
// keyed with the secret after `whsec_`, timestamps older than 5 minutes refused — the svix
// package's Webhook.verify), then map the event to a message event by provider message id.
// Replays are idempotent: each event is deduped by its svix-id; hard bounces and complaints
// also suppress the address. Each new event moves the message's status up its ladder
// (db/queries/message-status.ts), never back.
import { Webhook } from "svix";
import { z } from "zod";
import type { Db } from "@mailstream/db/client";
import {
  findMessageByProviderId,
  recordMessageEvent,
  type MessageEventType,
} from "@mailstream/db/queries/message-events";
import { advanceMessageStatus, statusOfEvent } from "@mailstream/db/queries/message-status";
import { suppressAddress } from "@mailstream/db/queries/suppressions";

export const ZResendEventSchema = z.object({
  type: z.string(),
  created_at: z.string().optional(),
  data: z.looseObject({ email_id: z.string().min(1) }),
});
export type ResendEvent = z.infer<typeof ZResendEventSchema>;

const EVENT_TYPES: Record<string, MessageEventType> = {
  "email.sent": "sent",
  "email.delivered": "delivered",
  "email.delivery_delayed": "delivery_delayed",
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.opened": "opened",
  "email.clicked": "clicked",
};

export class WebhookSignatureError extends Error {
  override name = "WebhookSignatureError";
}

/** Verifies the Svix headers over the raw body and returns the parsed event. */
export function verifyResendWebhook(signingSecret: string, headers: Headers, body: string): ResendEvent {
  const svixHeaders = {
    "svix-id": headers.get("svix-id") ?? "",
    "svix-timestamp": headers.get("svix-timestamp") ?? "",
    "svix-signature": headers.get("svix-signature") ?? "",
  };
  try {
    new Webhook(signingSecret).verify(body, svixHeaders);
  } catch (error) {
    throw new WebhookSignatureError(`invalid webhook signature: ${(error as Error).message}`);
  }
  return ZResendEventSchema.parse(JSON.parse(body));
}

export type ApplyResult = "recorded" | "duplicate" | "ignored" | "unknown_message";

/** Applies one verified event. `svixId` is the dedupe key (Svix resends keep it). */
export async function applyResendEvent(db: Db, svixId: string, event: ResendEvent): Promise<ApplyResult> {
  const type = EVENT_TYPES[event.type];
  if (!type) return "ignored";
  const message = await findMessageByProviderId(db, event.data.email_id);
  // Not ours (another app on the same Resend account) or sent before this row existed.
  if (!message) return "unknown_message";
  const bounce = event.data.bounce as { type?: string } | undefined;
  const isHardBounce = type === "bounced" && bounce?.type !== "Transient";
  const occurredAt = event.created_at ? new Date(event.created_at) : new Date();
  return db.transaction(async (tx) => {
    const isNew = await recordMessageEvent(tx, {
      workspaceId: message.workspaceId,
      messageId: message.id,
      type,
      // `sent` shares the key markMessageSent uses, so our own record and Resend's merge.
      dedupeKey: type === "sent" ? `${message.id}:sent` : `resend:${svixId}`,
      data: { provider: "resend", ...event.data },
      occurredAt: Number.isNaN(occurredAt.getTime()) ? new Date() : occurredAt,
    });
    if (!isNew) return "duplicate";
    // Resend's retries and its out-of-order deliveries land here; the ladder keeps the furthest.
    const status = statusOfEvent(type, { isTransientBounce: type === "bounced" && !isHardBounce });
    if (status) await advanceMessageStatus(tx, message.id, status);
    if (isHardBounce || type === "complained") {
      await suppressAddress(tx, {
        workspaceId: message.workspaceId,
        email: message.toAddress,
        reason: type === "complained" ? "complained" : "bounced",
      });
    }
    return "recorded";
  });
}
