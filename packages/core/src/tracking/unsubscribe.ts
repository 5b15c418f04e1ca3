// Email preferences by signed token (no login): whom a token names, their state per
// subscription topic, and the changes a recipient can make — leave one topic (RFC 8058
// one-click on an email with a topic), choose topics on the preference page, unsubscribe from
// all (a suppression `unsubscribed`), or resubscribe. Every write is idempotent.
//
// Leaving works with any genuine token, however old (the safe direction). Turning email back
// on — a topic switched on, or lifting the recipient's own "unsubscribe from all" — needs a
// token issued in the last 30 days: an old email in a shared or recycled mailbox must not opt
// someone back in. With an older token nothing changes and the page offers to mail a fresh
// link to the address (preference-link.ts).
import type { Db } from "@mailstream/db/client";
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import {
  findMessageRecipient,
  findTopic,
  listContactSubscriptions,
  setContactSubscription,
  type TopicSubscription,
} from "@mailstream/db/queries/subscription-topics";
import {
  findSuppression,
  removeSuppression,
  suppressAddress,
  type SuppressionReason,
} from "@mailstream/db/queries/suppressions";
import { isFreshForResubscribe, verifyTrackingToken } from "@mailstream/emails/tracking/token";

export type UnsubscribeTarget = {
  messageId: string;
  workspaceId: string;
  contactId: string | null;
  email: string;
  /** The topic the email belonged to (its one-click leaves that topic). */
  topicId: string | null;
  isUnsubscribed: boolean;
  /**
   * Why the address is on the suppression list, if it is: the page offers "Resubscribe" only for
   * the recipient's own unsubscribe; a bounce, complaint or manual entry is explained instead.
   */
  suppressionReason: SuppressionReason | null;
  /** Every topic of the workspace with this contact's state; empty without a contact. */
  topics: TopicSubscription[];
  /** The token is young enough to turn email back on (issued in the last 30 days). */
  canResubscribe: boolean;
};

export async function findUnsubscribeTarget(
  db: Db,
  secret: string,
  token: string,
  now = new Date(),
): Promise<UnsubscribeTarget | null> {
  const payload = verifyTrackingToken(secret, token);
  if (payload?.kind !== "unsubscribe") return null;
  const message = await findMessageRecipient(db, payload.messageId);
  if (!message) return null;
  const [suppression, topics] = await Promise.all([
    findSuppression(db, message.workspaceId, message.toAddress),
    message.contactId ? listContactSubscriptions(db, message.workspaceId, message.contactId) : Promise.resolve([]),
  ]);
  return {
    messageId: message.id,
    workspaceId: message.workspaceId,
    contactId: message.contactId,
    email: message.toAddress,
    topicId: payload.topicId ?? null,
    isUnsubscribed: suppression !== null,
    suppressionReason: suppression?.reason ?? null,
    topics,
    canResubscribe: isFreshForResubscribe(payload, now),
  };
}

/** "Unsubscribe from all": null when the token is not genuine. */
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
      data: { source: "link", scope: "all" },
    });
  });
  // The first reason wins (suppressAddress): a bounced address stays "bounced".
  return { ...target, isUnsubscribed: true, suppressionReason: target.suppressionReason ?? "unsubscribed" };
}

export type OneClickResult =
  { target: UnsubscribeTarget; scope: "topic"; topicName: string } | { target: UnsubscribeTarget; scope: "all" };

/**
 * RFC 8058 one-click: leaves the email's topic when it has one (and the contact and topic
 * still exist); otherwise — marketing email without a topic — unsubscribes from all.
 */
export async function unsubscribeOneClick(db: Db, secret: string, token: string): Promise<OneClickResult | null> {
  const target = await findUnsubscribeTarget(db, secret, token);
  if (!target) return null;
  const topic = target.topicId && target.contactId ? await findTopic(db, target.workspaceId, target.topicId) : null;
  if (!topic || !target.contactId) {
    const all = await unsubscribeByToken(db, secret, token);
    return all ? { target: all, scope: "all" } : null;
  }
  const contactId = target.contactId;
  await db.transaction(async (tx) => {
    await setContactSubscription(tx, {
      workspaceId: target.workspaceId,
      contactId,
      topicId: topic.id,
      isSubscribed: false,
      source: "one_click",
    });
    await recordMessageEvent(tx, {
      workspaceId: target.workspaceId,
      messageId: target.messageId,
      type: "unsubscribed",
      dedupeKey: `unsubscribed:${target.messageId}:${topic.id}`,
      data: { source: "one_click", scope: "topic", topicId: topic.id, topicName: topic.name },
    });
  });
  return { target: (await findUnsubscribeTarget(db, secret, token)) ?? target, scope: "topic", topicName: topic.name };
}

export type SavePreferencesResult =
  | { status: "saved"; target: UnsubscribeTarget }
  /** The save would turn email back on with a token older than 30 days: nothing was changed. */
  | { status: "needs_fresh_link"; target: UnsubscribeTarget };

/** Whether saving `chosen` turns any email back on: a topic switched on, or the recipient's own unsubscribe lifted. */
function isResubscribe(target: UnsubscribeTarget, chosen: ReadonlySet<string>): boolean {
  if (target.suppressionReason === "unsubscribed") return true;
  return target.contactId !== null && target.topics.some((topic) => !topic.isSubscribed && chosen.has(topic.topicId));
}

/**
 * The preference page's "Save": exactly the listed topics are subscribed, the others left.
 * Saving also lifts the recipient's own "unsubscribe from all" (not a bounce or complaint).
 * Either re-subscribe needs a fresh token (see the module comment); leaving topics does not.
 */
export async function savePreferencesByToken(
  db: Db,
  secret: string,
  token: string,
  subscribedTopicIds: string[],
  now = new Date(),
): Promise<SavePreferencesResult | null> {
  const target = await findUnsubscribeTarget(db, secret, token, now);
  if (!target) return null;
  const chosen = new Set(subscribedTopicIds);
  if (!target.canResubscribe && isResubscribe(target, chosen)) return { status: "needs_fresh_link", target };
  await db.transaction(async (tx) => {
    if (target.contactId) {
      for (const topic of target.topics) {
        const isSubscribed = chosen.has(topic.topicId);
        if (topic.isSubscribed === isSubscribed) continue;
        await setContactSubscription(tx, {
          workspaceId: target.workspaceId,
          contactId: target.contactId,
          topicId: topic.topicId,
          isSubscribed,
          source: "preference_page",
        });
      }
    }
    await removeSuppression(tx, { workspaceId: target.workspaceId, email: target.email, reason: "unsubscribed" });
  });
  const saved = await findUnsubscribeTarget(db, secret, token, now);
  return saved ? { status: "saved", target: saved } : null;
}
