// Whether a journey email may go to this recipient: the suppression list (bounces, complaints,
// manual entries, "unsubscribe from all") and, for marketing email, the email's subscription
// topic. Transactional email (receipts, password resets) bypasses topics and a plain
// unsubscribe, but never a bounce, complaint or manual suppression — mailing those hurts the
// sender's reputation whatever the content. One decision (`decideSendConsent`), read for one
// recipient (journey sends) or for a whole broadcast page in two set-based reads.
import type { Db } from "@mailstream/db/client";
import { findSuppression, findSuppressionsOf } from "@mailstream/db/queries/suppressions";
import {
  findTopicSubscription,
  findTopicSubscriptions,
  type SubscriptionTopic,
} from "@mailstream/db/queries/subscription-topics";

export type SendConsent =
  | { decision: "send" }
  /** Stored as a `suppressed` message, as before topics existed. */
  | { decision: "suppressed"; reason: string }
  /** Nothing stored; the run step records the reason. */
  | { decision: "skipped"; reason: string };

/** The rule itself, on what was read: the address's suppression reason (null: none) and the topic. */
export function decideSendConsent(input: {
  suppressionReason: string | null;
  topicId: string | null;
  topic: { topic: SubscriptionTopic; isSubscribed: boolean } | null;
  isTransactional: boolean;
}): SendConsent {
  const { suppressionReason, isTransactional, topicId, topic } = input;
  if (suppressionReason !== null && !(isTransactional && suppressionReason === "unsubscribed")) {
    return { decision: "suppressed", reason: `address suppressed (${suppressionReason})` };
  }
  if (isTransactional || !topicId) return { decision: "send" };
  if (!topic) return { decision: "skipped", reason: `subscription topic ${topicId} no longer exists` };
  if (!topic.isSubscribed) {
    const how = topic.topic.defaultMode === "opt_in" ? "not opted in to" : "unsubscribed from";
    return { decision: "skipped", reason: `${how} topic "${topic.topic.name}"` };
  }
  return { decision: "send" };
}

export async function checkSendConsent(
  db: Db,
  input: { workspaceId: string; contactId: string; email: string; topicId: string | null; isTransactional: boolean },
): Promise<SendConsent> {
  const [suppression, topic] = await Promise.all([
    findSuppression(db, input.workspaceId, input.email),
    input.topicId && !input.isTransactional
      ? findTopicSubscription(db, input.workspaceId, input.contactId, input.topicId)
      : Promise.resolve(null),
  ]);
  return decideSendConsent({
    suppressionReason: suppression?.reason ?? null,
    topicId: input.topicId,
    topic,
    isTransactional: input.isTransactional,
  });
}

/** checkSendConsent for many marketing recipients at once (a broadcast page): two reads, not two per contact. */
export async function checkPageConsent(
  db: Db,
  input: { workspaceId: string; topicId: string | null; recipients: readonly { contactId: string; email: string }[] },
): Promise<Map<string, SendConsent>> {
  const [suppressions, topic] = await Promise.all([
    findSuppressionsOf(
      db,
      input.workspaceId,
      input.recipients.map((r) => r.email),
    ),
    input.topicId
      ? findTopicSubscriptions(
          db,
          input.workspaceId,
          input.topicId,
          input.recipients.map((r) => r.contactId),
        )
      : Promise.resolve(null),
  ]);
  const decisions = new Map<string, SendConsent>();
  for (const { contactId, email } of input.recipients) {
    const suppression = suppressions.get(email.trim().toLowerCase()) ?? null;
    const decision = decideSendConsent({
      suppressionReason: suppression?.reason ?? null,
      topicId: input.topicId,
      topic: topic ? { topic: topic.topic, isSubscribed: topic.isSubscribed(contactId) } : null,
      isTransactional: false,
    });
    decisions.set(contactId, decision);
  }
  return decisions;
}
