// The send path's writes: how `messages` is written so that a retried activity never sends
// twice (what a send reads is one statement in send-context.ts).
import { and, eq, notInArray } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { messages, suppressions, templates } from "../schema";
import { recordMessageEvents } from "./message-events";
import { HANDED_OFF_STATUSES } from "./message-status";

export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type Template = typeof templates.$inferSelect;

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
  /**
   * Runs in the same transaction once the row's status is settled (sent now, or by an earlier
   * attempt): what must commit with the hand-off, such as the run's step (LEAN_SEND_PATCH).
   */
  withinLock?: (tx: Tx, message: Message) => Promise<void>,
): Promise<Message> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(messages).where(eq(messages.id, messageId)).for("update").limit(1);
    if (!locked) throw new Error(`message ${messageId} not found`);
    let settled = locked;
    if (locked.status === "queued") {
      const { providerMessageId, isDelivered } = await deliver(locked);
      settled = await markMessageSent(tx, {
        messageId,
        workspaceId: locked.workspaceId,
        providerMessageId,
        isDelivered,
      });
    }
    if (withinLock) await withinLock(tx, settled);
    return settled;
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
  // Both events in one statement: the send path is bound by its round trips (bench:send).
  await recordMessageEvents(db, {
    workspaceId: input.workspaceId,
    messageId: input.messageId,
    events: (input.isDelivered ? (["sent", "delivered"] as const) : (["sent"] as const)).map((type) => ({
      type,
      dedupeKey: `${input.messageId}:${type}`,
      data: { providerMessageId: input.providerMessageId },
      occurredAt: sentAt,
    })),
  });
  return sent;
}

/** A permanent failure: the message will not be retried. A message already handed off keeps its status. */
export async function markMessageFailed(db: Db, messageId: string, error: string): Promise<void> {
  await db
    .update(messages)
    .set({ status: "failed", error })
    .where(and(eq(messages.id, messageId), notInArray(messages.status, [...HANDED_OFF_STATUSES])));
}
