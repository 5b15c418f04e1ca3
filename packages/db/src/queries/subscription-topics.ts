// Subscription topics and each contact's choice per topic. A contact is subscribed to a topic
// when they chose so, or, without a choice, when the topic is `opt_out` (mailed by default).
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { contactSubscriptions, messages, subscriptionTopics, type TopicDefault } from "../schema/index";

export type SubscriptionTopic = typeof subscriptionTopics.$inferSelect;
export type TopicInput = { name: string; description: string; defaultMode: TopicDefault };
export type SubscriptionSource = "preference_page" | "one_click" | "api";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TopicNameTakenError extends Error {
  override name = "TopicNameTakenError";
  constructor(name: string) {
    super(`A topic named "${name}" already exists in this workspace`);
  }
}

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return (error as { code?: string }).code === "23505" || cause?.code === "23505";
}

export async function listTopics(db: Db | Tx, workspaceId: string): Promise<SubscriptionTopic[]> {
  return db
    .select()
    .from(subscriptionTopics)
    .where(eq(subscriptionTopics.workspaceId, workspaceId))
    .orderBy(asc(subscriptionTopics.name));
}

export async function findTopic(db: Db | Tx, workspaceId: string, topicId: string): Promise<SubscriptionTopic | null> {
  if (!UUID_PATTERN.test(topicId)) return null;
  const [row] = await db
    .select()
    .from(subscriptionTopics)
    .where(and(eq(subscriptionTopics.workspaceId, workspaceId), eq(subscriptionTopics.id, topicId)))
    .limit(1);
  return row ?? null;
}

export async function createTopic(db: Db | Tx, workspaceId: string, input: TopicInput): Promise<SubscriptionTopic> {
  try {
    const [row] = await db
      .insert(subscriptionTopics)
      .values({ workspaceId, ...input })
      .returning();
    if (!row) throw new Error("topic insert returned nothing");
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw new TopicNameTakenError(input.name);
    throw error;
  }
}

/** Null when the topic is not in this workspace. */
export async function updateTopic(
  db: Db | Tx,
  workspaceId: string,
  topicId: string,
  input: TopicInput,
): Promise<SubscriptionTopic | null> {
  if (!UUID_PATTERN.test(topicId)) return null;
  try {
    const [row] = await db
      .update(subscriptionTopics)
      .set(input)
      .where(and(eq(subscriptionTopics.workspaceId, workspaceId), eq(subscriptionTopics.id, topicId)))
      .returning();
    return row ?? null;
  } catch (error) {
    if (isUniqueViolation(error)) throw new TopicNameTakenError(input.name);
    throw error;
  }
}

/** Contacts' choices go with it (cascade); email nodes naming it are then skipped with a reason. */
export async function deleteTopic(db: Db | Tx, workspaceId: string, topicId: string): Promise<boolean> {
  if (!UUID_PATTERN.test(topicId)) return false;
  const deleted = await db
    .delete(subscriptionTopics)
    .where(and(eq(subscriptionTopics.workspaceId, workspaceId), eq(subscriptionTopics.id, topicId)))
    .returning({ id: subscriptionTopics.id });
  return deleted.length > 0;
}

export type TopicSubscription = {
  topicId: string;
  name: string;
  description: string;
  defaultMode: TopicDefault;
  isSubscribed: boolean;
  /** True when the contact never chose: the topic's default applies. */
  isDefault: boolean;
  updatedAt: Date | null;
};

/** Every topic of the workspace with this contact's state (what the preference page and the profile show). */
export async function listContactSubscriptions(
  db: Db | Tx,
  workspaceId: string,
  contactId: string,
): Promise<TopicSubscription[]> {
  const rows = await db
    .select({
      topicId: subscriptionTopics.id,
      name: subscriptionTopics.name,
      description: subscriptionTopics.description,
      defaultMode: subscriptionTopics.defaultMode,
      choice: contactSubscriptions.isSubscribed,
      updatedAt: contactSubscriptions.updatedAt,
    })
    .from(subscriptionTopics)
    .leftJoin(
      contactSubscriptions,
      and(eq(contactSubscriptions.topicId, subscriptionTopics.id), eq(contactSubscriptions.contactId, contactId)),
    )
    .where(eq(subscriptionTopics.workspaceId, workspaceId))
    .orderBy(asc(subscriptionTopics.name));
  return rows.map(({ choice, ...row }) => ({
    ...row,
    isSubscribed: choice ?? row.defaultMode === "opt_out",
    isDefault: choice === null,
  }));
}

/** The send-time question for one topic; null when the topic does not exist (deleted). */
export async function findTopicSubscription(
  db: Db | Tx,
  workspaceId: string,
  contactId: string,
  topicId: string,
): Promise<{ topic: SubscriptionTopic; isSubscribed: boolean } | null> {
  if (!UUID_PATTERN.test(topicId)) return null;
  const [row] = await db
    .select({ topic: subscriptionTopics, choice: contactSubscriptions.isSubscribed })
    .from(subscriptionTopics)
    .leftJoin(
      contactSubscriptions,
      and(eq(contactSubscriptions.topicId, subscriptionTopics.id), eq(contactSubscriptions.contactId, contactId)),
    )
    .where(and(eq(subscriptionTopics.workspaceId, workspaceId), eq(subscriptionTopics.id, topicId)))
    .limit(1);
  if (!row) return null;
  return { topic: row.topic, isSubscribed: row.choice ?? row.topic.defaultMode === "opt_out" };
}

/**
 * findTopicSubscription for many contacts in two reads (broadcast pages): the topic (null when
 * deleted) and whether each contact is subscribed, by the same rule.
 */
export async function findTopicSubscriptions(
  db: Db | Tx,
  workspaceId: string,
  topicId: string,
  contactIds: readonly string[],
): Promise<{ topic: SubscriptionTopic; isSubscribed: (contactId: string) => boolean } | null> {
  if (!UUID_PATTERN.test(topicId)) return null;
  const [topic] = await db
    .select()
    .from(subscriptionTopics)
    .where(and(eq(subscriptionTopics.workspaceId, workspaceId), eq(subscriptionTopics.id, topicId)))
    .limit(1);
  if (!topic) return null;
  const choices = new Map<string, boolean>();
  if (contactIds.length > 0) {
    const rows = await db
      .select({ contactId: contactSubscriptions.contactId, isSubscribed: contactSubscriptions.isSubscribed })
      .from(contactSubscriptions)
      .where(and(eq(contactSubscriptions.topicId, topicId), inArray(contactSubscriptions.contactId, [...contactIds])));
    for (const row of rows) choices.set(row.contactId, row.isSubscribed);
  }
  return { topic, isSubscribed: (contactId) => choices.get(contactId) ?? topic.defaultMode === "opt_out" };
}

/** Upsert of one choice; setting the same state again only refreshes `updated_at`. */
export async function setContactSubscription(
  db: Db | Tx,
  input: { workspaceId: string; contactId: string; topicId: string; isSubscribed: boolean; source: SubscriptionSource },
): Promise<void> {
  await db
    .insert(contactSubscriptions)
    .values({ ...input, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [contactSubscriptions.contactId, contactSubscriptions.topicId],
      set: { isSubscribed: input.isSubscribed, source: input.source, updatedAt: sql`now()` },
    });
}

/** Whom an unsubscribe token's message was sent to (the contact may have been erased since). */
export async function findMessageRecipient(
  db: Db | Tx,
  messageId: string,
): Promise<{ id: string; workspaceId: string; contactId: string | null; toAddress: string } | null> {
  if (!UUID_PATTERN.test(messageId)) return null;
  const [row] = await db
    .select({
      id: messages.id,
      workspaceId: messages.workspaceId,
      contactId: messages.contactId,
      toAddress: messages.toAddress,
    })
    .from(messages)
    .where(eq(messages.id, messageId))
    .limit(1);
  return row ?? null;
}
