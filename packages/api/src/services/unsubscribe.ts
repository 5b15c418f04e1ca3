// Unsubscribe by signed token (no login): look up whom a token names, and unsubscribe them —
// suppression `unsubscribed` plus an `unsubscribed` message event, both idempotent.
// Topics (leave one list, keep others) come in a later slice; today this is "unsubscribe from all".
import type { Db } from "@mailstream/db/client";
import { findMessageForTracking, recordMessageEvent } from "@mailstream/db/queries/message-events";
import { findSuppression, suppressAddress } from "@mailstream/db/queries/suppressions";
import { verifyTrackingToken } from "@mailstream/emails/tracking/token";

export type UnsubscribeTarget = { messageId: string; workspaceId: string; email: string; isUnsubscribed: boolean };

export async function findUnsubscribeTarget(db: Db, secret: string, token: string): Promise<UnsubscribeTarget | null> {
  const payload = verifyTrackingToken(secret, token);
  if (payload?.kind !== "unsubscribe") return null;
  const message = await findMessageForTracking(db, payload.messageId);
  if (!message) return null;
  const suppression = await findSuppression(db, message.workspaceId, message.toAddress);
  return { messageId: message.id, workspaceId: message.workspaceId, email: message.toAddress, isUnsubscribed: suppression !== null };
}

/** Null when the token is not genuine; otherwise the target, now unsubscribed (again is fine). */
export async function unsubscribeByToken(db: Db, secret: string, token: string): Promise<UnsubscribeTarget | null> {
  const target = await findUnsubscribeTarget(db, secret, token);
  if (!target) return null;
  await db.transaction(async (tx) => {
    await suppressAddress(tx, { workspaceId: target.workspaceId, email: target.email, reason: "unsubscribed" });
    await recordMessageEvent(tx, {
      workspaceId: target.workspaceId,
      messageId: target.messageId,
      type: "unsubscribed",
      dedupeKey: `unsubscribed:${target.messageId}`,
      data: { source: "link" },
    });
  });
  return { ...target, isUnsubscribed: true };
}
