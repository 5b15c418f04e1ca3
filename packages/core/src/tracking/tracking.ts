// Open and click tracking behind `/t/o/<token>` and `/t/c/<token>`: verify the signed token,
// record the message event, and for clicks return the URL that was in the email.
//
// Opens are stored one per message per minute (`open:<messageId>:<minute>`): image proxies
// and reloads fetching the pixel in bursts count once, a re-open later counts again, and
// unique opens are `count(distinct message_id)` over `opened` events. Both move the message's
// status up its ladder (db/queries/message-status.ts).
import { createHash } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { findMessageForTracking, recordMessageEvent } from "@mailstream/db/queries/message-events";
import { advanceMessageStatus } from "@mailstream/db/queries/message-status";
import { isApprovedLinkHost } from "@mailstream/emails/links";
import { verifyTrackingToken } from "@mailstream/emails/tracking/token";
import { findMessageLinkPolicy } from "./link-hosts";

const BUCKET_MS = 60_000;

function minuteBucket(at: Date): number {
  return Math.floor(at.getTime() / BUCKET_MS);
}

/** False when the token is not genuine or its message no longer exists. */
export async function recordOpen(db: Db, secret: string, token: string, now = new Date()): Promise<boolean> {
  const payload = verifyTrackingToken(secret, token);
  if (payload?.kind !== "open") return false;
  const message = await findMessageForTracking(db, payload.messageId);
  if (!message) return false;
  await db.transaction(async (tx) => {
    await recordMessageEvent(tx, {
      workspaceId: message.workspaceId,
      messageId: message.id,
      type: "opened",
      dedupeKey: `open:${message.id}:${minuteBucket(now)}`,
      data: { source: "pixel" },
      occurredAt: now,
    });
    await advanceMessageStatus(tx, message.id, "opened");
  });
  return true;
}

export type ClickResult =
  | { status: "redirect"; url: string }
  /** A genuine token whose host nobody approved (signed before the link-domain rule, or since removed from the list). */
  | { status: "unapproved"; url: string };

/**
 * Where a genuine click token may send the reader, or null (tampered token, a URL that is not
 * http(s), or a message that no longer exists — without it no one can say the host was approved).
 * The click is recorded only when the redirect happens.
 */
export async function recordClick(
  db: Db,
  keys: { secret: string; publicUrl: string },
  token: string,
  now = new Date(),
): Promise<ClickResult | null> {
  const payload = verifyTrackingToken(keys.secret, token);
  if (payload?.kind !== "click" || !/^https?:\/\//i.test(payload.url)) return null;
  const message = await findMessageForTracking(db, payload.messageId);
  if (!message) return null;
  const policy = await findMessageLinkPolicy(db, message, keys.publicUrl);
  if (!isApprovedLinkHost(payload.url, policy)) return { status: "unapproved", url: payload.url };
  const urlHash = createHash("sha256").update(payload.url).digest("hex").slice(0, 16);
  await db.transaction(async (tx) => {
    await recordMessageEvent(tx, {
      workspaceId: message.workspaceId,
      messageId: message.id,
      type: "clicked",
      dedupeKey: `click:${message.id}:${urlHash}:${minuteBucket(now)}`,
      data: { url: payload.url, source: "redirect" },
      occurredAt: now,
    });
    await advanceMessageStatus(tx, message.id, "clicked");
  });
  return { status: "redirect", url: payload.url };
}
