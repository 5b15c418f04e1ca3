// The send path's data access: what the `sendEmail` activity reads (contact, template,
// suppression) and how it writes `messages` so that a retried activity never sends twice.
import { and, eq, notInArray } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { contacts, journeys, messages, suppressions, templates } from "../schema";
import { recordMessageEvent } from "./message-events";
import { HANDED_OFF_STATUSES } from "./message-status";

export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type Template = typeof templates.$inferSelect;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from a plan or an event are untrusted text; a malformed one is "not found", not a SQL error. */
function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

export async function findContactForSend(
  db: Db,
  workspaceId: string,
  contactId: string,
): Promise<{ id: string; userId: string | null; email: string | null; traits: Record<string, unknown> } | null> {
  if (!isUuid(contactId)) return null;
  const [contact] = await db
    .select({ id: contacts.id, userId: contacts.userId, email: contacts.email, traits: contacts.traits })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.workspaceId, workspaceId)))
    .limit(1);
  return contact ?? null;
}

export async function findJourneyForSend(
  db: Db,
  workspaceId: string,
  journeyId: string,
): Promise<{ id: string; name: string } | null> {
  if (!isUuid(journeyId)) return null;
  const [journey] = await db
    .select({ id: journeys.id, name: journeys.name })
    .from(journeys)
    .where(and(eq(journeys.id, journeyId), eq(journeys.workspaceId, workspaceId)))
    .limit(1);
  return journey ?? null;
}

/** Suppressions are stored lower-cased; addresses compare case-insensitively. */
export async function isSuppressed(db: Db, workspaceId: string, email: string): Promise<boolean> {
  const [row] = await db
    .select({ email: suppressions.email })
    .from(suppressions)
    .where(and(eq(suppressions.workspaceId, workspaceId), eq(suppressions.email, email.trim().toLowerCase())))
    .limit(1);
  return row !== undefined;
}

/**
 * Inserts the message unless its idempotency key already exists, and returns the row that
 * owns the key: the new one, or the one an earlier attempt wrote (whose status then decides).
 */
export async function insertMessageOnce(db: Db, message: NewMessage): Promise<Message> {
  const [inserted] = await db
    .insert(messages)
    .values(message)
    .onConflictDoNothing({ target: messages.idempotencyKey })
    .returning();
  if (inserted) return inserted;
  const [existing] = await db
    .select()
    .from(messages)
    .where(eq(messages.idempotencyKey, message.idempotencyKey))
    .limit(1);
  if (!existing) throw new Error(`message with idempotency key ${message.idempotencyKey} vanished after a conflict`);
  return existing;
}

/**
 * Runs `deliver` for a queued message while holding its row lock, then marks it sent in
 * the same transaction. A concurrent attempt (an activity retried while the first attempt
 * still runs) blocks on the lock and then sees `sent`, so it returns without delivering.
 * If `deliver` throws, nothing is written and the message stays `queued` for the retry.
 */
export async function deliverMessageOnce(
  db: Db,
  messageId: string,
  deliver: (message: Message) => Promise<{ providerMessageId: string; isDelivered?: boolean }>,
): Promise<Message> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(messages).where(eq(messages.id, messageId)).for("update").limit(1);
    if (!locked) throw new Error(`message ${messageId} not found`);
    if (locked.status !== "queued") return locked;
    const { providerMessageId, isDelivered } = await deliver(locked);
    return markMessageSent(tx, { messageId, workspaceId: locked.workspaceId, providerMessageId, isDelivered });
  });
}

/**
 * Marks a message sent and records its `sent` event (deduped, so a replay adds nothing) — and its
 * `delivered` event in the same statement when the hand-off is the delivery (the outbox: the
 * Inbox is the recipient's mailbox, and no provider will ever report it).
 */
export async function markMessageSent(
  db: Db | Tx,
  input: {
    messageId: string;
    workspaceId: string;
    providerMessageId: string;
    sentAt?: Date;
    isDelivered?: boolean | undefined;
  },
): Promise<Message> {
  const sentAt = input.sentAt ?? new Date();
  const [sent] = await db
    .update(messages)
    .set({ status: "sent", sentAt, providerMessageId: input.providerMessageId, error: null })
    .where(eq(messages.id, input.messageId))
    .returning();
  if (!sent) throw new Error(`message ${input.messageId} not found`);
  for (const type of input.isDelivered ? (["sent", "delivered"] as const) : (["sent"] as const)) {
    await recordMessageEvent(db, {
      workspaceId: input.workspaceId,
      messageId: input.messageId,
      type,
      dedupeKey: `${input.messageId}:${type}`,
      data: { providerMessageId: input.providerMessageId },
      occurredAt: sentAt,
    });
  }
  return sent;
}

/** A permanent failure: the message will not be retried. A message already handed off keeps its status. */
export async function markMessageFailed(db: Db, messageId: string, error: string): Promise<void> {
  await db
    .update(messages)
    .set({ status: "failed", error })
    .where(and(eq(messages.id, messageId), notInArray(messages.status, [...HANDED_OFF_STATUSES])));
}
