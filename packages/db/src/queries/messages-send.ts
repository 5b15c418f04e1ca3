// The send path's writes: how `messages` is written so that a retried activity never sends
// twice (what a send reads is one statement in send-context.ts).
import { and, eq, notInArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { messages, suppressions, templates } from "../schema";
import { messageEventsCtes, recordMessageEvents, type MessageEventsInput } from "./message-events";
import { HANDED_OFF_STATUSES } from "./message-status";
import { executeNamed } from "./named-statement";
import { runStepsCtes, type RunStepsWrite } from "./runs";

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

/** What a hand-off returns: the settled row and, when steps were written with it, whether the run row is there. */
export interface HandedOff {
  message: Message;
  isRunPresent?: boolean;
}

/**
 * Runs `deliver` for a queued message while holding its row lock, then marks it sent in
 * the same transaction. A concurrent attempt (an activity retried while the first attempt
 * still runs) blocks on the lock and then sees `sent`, so it returns without delivering.
 * If `deliver` throws, nothing is written and the message stays `queued` for the retry.
 *
 * The sent mark, its events and `stepsWith`'s steps are ONE statement, sent with the COMMIT
 * in one round trip (commitAfter): the events' metric triggers lock rollup rows every send of
 * the workspace shares, and those locks are then held for the statement's end and the commit,
 * never across a round trip to Node (issue 17; docs/performance.md, "Sending throughput").
 */
export async function deliverMessageOnce(
  db: Db,
  messageId: string,
  deliver: (message: Message) => Promise<{ providerMessageId: string; isDelivered?: boolean }>,
  /**
   * What must commit with the hand-off once the row's status is settled (sent now, or by an
   * earlier attempt), such as the run's steps (LEAN_SEND_PATCH); null: nothing.
   */
  stepsWith?: (message: Message) => RunStepsWrite | null,
): Promise<HandedOff> {
  let handedOff: HandedOff | undefined;
  const isRunPresent = await commitAfter(db, async (tx) => {
    // Named: each connection plans the lock once and keeps the plan (a primary-key read).
    const [locked] = await tx
      .select()
      .from(messages)
      .where(eq(messages.id, sql.placeholder("messageId")))
      .for("update")
      .limit(1)
      .prepare("message_lock_for_hand_off")
      .execute({ messageId });
    if (!locked) throw new Error(`message ${messageId} not found`);
    let mark: SentMark | null = null;
    if (locked.status === "queued") {
      const { providerMessageId, isDelivered } = await deliver(locked);
      mark = { messageId, workspaceId: locked.workspaceId, providerMessageId, sentAt: new Date(), isDelivered };
    }
    const settled: Message = mark ? { ...locked, ...sentColumns(mark) } : locked;
    handedOff = { message: settled };
    const steps = stepsWith?.(settled) ?? null;
    if (!mark && !steps) return null;
    const ctes = [
      ...(mark
        ? [
            sql`sent_mark as (${tx.update(messages).set(sentColumns(mark)).where(eq(messages.id, messageId)).getSQL()})`,
            messageEventsCtes(sentEvents(mark)),
          ]
        : []),
      ...(steps ? [runStepsCtes(tx, steps)] : []),
    ];
    return sql`with ${sql.join(ctes, sql`, `)}
      select ${steps ? sql`exists (select 1 from present)` : sql`null::boolean`} as is_run_present`;
  });
  if (!handedOff) throw new Error(`hand-off of message ${messageId} ended without a row`);
  return isRunPresent === null ? handedOff : { ...handedOff, isRunPresent };
}

/**
 * Runs `work` in a transaction; the statement it returns (if any) is sent right behind its
 * other statements and the COMMIT right behind it, without waiting for its answer — the pool's
 * clients pipeline (client.ts) — so Postgres runs both back to back. Answers the statement's
 * `is_run_present`. If the statement fails, Postgres rolls the transaction back at the COMMIT,
 * and the statement's error is thrown here.
 */
async function commitAfter(db: Db, work: (tx: Tx) => Promise<SQL | null>): Promise<boolean | null> {
  let last: Promise<boolean | null> | undefined;
  await db.transaction(async (tx) => {
    const statement = await work(tx);
    if (!statement) return;
    // Sent now, before the COMMIT; named (one name per shape of the statement: with or without a
    // sent mark, how many steps and events), so each connection plans it once and keeps the plan.
    last = executeNamed<{ is_run_present: boolean | null }>(tx, "hand_off", statement).then(
      (rows) => rows[0]?.is_run_present ?? null,
    );
    // Observed below, once the COMMIT is answered; without this a failure would be "unhandled" meanwhile.
    last.catch(() => {});
  });
  return last ? await last : null;
}

interface SentMark {
  messageId: string;
  workspaceId: string;
  providerMessageId: string;
  sentAt: Date;
  isDelivered?: boolean | undefined;
}

/** The columns a sent mark sets (the hand-off and markMessageSent alike). */
function sentColumns(mark: SentMark) {
  return { status: "sent", sentAt: mark.sentAt, providerMessageId: mark.providerMessageId, error: null } as const;
}

/**
 * A sent message's events: `sent`, and `delivered` too when the hand-off is the delivery (the
 * outbox: the Inbox is the recipient's mailbox, and no provider will ever report it). Deduped,
 * so a replay adds nothing.
 */
function sentEvents(mark: SentMark): MessageEventsInput {
  return {
    workspaceId: mark.workspaceId,
    messageId: mark.messageId,
    events: (mark.isDelivered ? (["sent", "delivered"] as const) : (["sent"] as const)).map((type) => ({
      type,
      dedupeKey: `${mark.messageId}:${type}`,
      data: { providerMessageId: mark.providerMessageId },
      occurredAt: mark.sentAt,
    })),
  };
}

/** Marks a message sent and records its events (sentEvents), outside a hand-off (fixtures, webhooks' tests). */
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
  const mark: SentMark = { ...input, sentAt: input.sentAt ?? new Date() };
  const [sent] = await db.update(messages).set(sentColumns(mark)).where(eq(messages.id, input.messageId)).returning();
  if (!sent) throw new Error(`message ${input.messageId} not found`);
  await recordMessageEvents(db, sentEvents(mark));
  return sent;
}

/** A permanent failure: the message will not be retried. A message already handed off keeps its status. */
export async function markMessageFailed(db: Db, messageId: string, error: string): Promise<void> {
  await db
    .update(messages)
    .set({ status: "failed", error })
    .where(and(eq(messages.id, messageId), notInArray(messages.status, [...HANDED_OFF_STATUSES])));
}
