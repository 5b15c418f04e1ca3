// Batched write-once and hand-off bookkeeping of many `messages` rows (broadcast pages): one
// INSERT for the page, one SELECT for the keys an earlier attempt already owned (same contract
// as insertMessageOnce: each key's row is returned, whoever wrote it), one locked read of the
// rows to hand off, and one UPDATE plus one event insert to mark them sent.
import { inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { messageEventKeys, messageEvents, messages } from "../schema";
import type { Message, NewMessage } from "./messages-send";

export async function insertMessagesOnce(db: Db | Tx, rows: readonly NewMessage[]): Promise<Map<string, Message>> {
  const byKey = new Map<string, Message>();
  if (rows.length === 0) return byKey;
  const inserted = await db
    .insert(messages)
    .values([...rows])
    .onConflictDoNothing({ target: messages.idempotencyKey })
    .returning();
  for (const row of inserted) byKey.set(row.idempotencyKey, row);
  const missing = rows.map((row) => row.idempotencyKey).filter((key) => !byKey.has(key));
  if (missing.length > 0) {
    const existing = await db.select().from(messages).where(inArray(messages.idempotencyKey, missing));
    for (const row of existing) byKey.set(row.idempotencyKey, row);
  }
  return byKey;
}

/**
 * insertMessagesOnce without sending the rows back: the ids of the rows this statement wrote
 * (the caller holds their content), and the whole rows only for keys another attempt owned.
 */
export async function insertNewMessages(
  db: Db | Tx,
  rows: readonly NewMessage[],
): Promise<{ inserted: Set<string>; existing: Map<string, Message> }> {
  if (rows.length === 0) return { inserted: new Set(), existing: new Map() };
  const written = await db
    .insert(messages)
    .values([...rows])
    .onConflictDoNothing({ target: messages.idempotencyKey })
    .returning({ key: messages.idempotencyKey });
  const inserted = new Set(written.map((row) => row.key));
  const missing = rows.map((row) => row.idempotencyKey).filter((key) => !inserted.has(key));
  return { inserted, existing: await findMessagesByKeys(db, missing) };
}

/** The rows owning these keys (a retried page finds what an earlier attempt wrote). */
export async function findMessagesByKeys(db: Db | Tx, keys: readonly string[]): Promise<Map<string, Message>> {
  const byKey = new Map<string, Message>();
  if (keys.length === 0) return byKey;
  const rows = await db
    .select()
    .from(messages)
    .where(inArray(messages.idempotencyKey, [...keys]));
  for (const row of rows) byKey.set(row.idempotencyKey, row);
  return byKey;
}

/**
 * Locks these rows until the transaction ends, in key order, and returns their current status:
 * a concurrent attempt at the same page waits here, then finds them sent and hands off nothing.
 */
export async function lockMessages(
  tx: Tx,
  ids: readonly string[],
): Promise<Map<string, { status: Message["status"]; error: string | null }>> {
  const byId = new Map<string, { status: Message["status"]; error: string | null }>();
  if (ids.length === 0) return byId;
  const rows = await tx
    .select({ id: messages.id, status: messages.status, error: messages.error })
    .from(messages)
    .where(inArray(messages.id, [...ids]))
    .orderBy(messages.idempotencyKey)
    .for("update");
  for (const row of rows) byId.set(row.id, { status: row.status, error: row.error });
  return byId;
}

export interface SentMessage {
  id: string;
  workspaceId: string;
  providerMessageId: string;
  /** The hand-off is the delivery (the outbox): a `delivered` event goes with `sent`. */
  isDelivered?: boolean | undefined;
}

/**
 * markMessageSent for many rows: one UPDATE, then their `sent` (and `delivered`) events in one
 * statement, deduped by the same `<message>:<type>` keys, so a replay adds nothing. Rows travel
 * as arrays (`unnest`): a page's 200 events are 4 parameters, not 1,000 for the client to
 * build and the server to bind.
 */
export async function markMessagesSent(tx: Tx, sent: readonly SentMessage[], sentAt = new Date()): Promise<void> {
  if (sent.length === 0) return;
  const at = sentAt.toISOString();
  await tx.execute(sql`
    UPDATE ${messages} m SET status = 'sent', sent_at = ${at}::timestamptz, provider_message_id = v.provider_id, error = NULL
    FROM unnest(${sql.param(sent.map((row) => row.id))}::uuid[], ${sql.param(sent.map((row) => row.providerMessageId))}::text[])
      AS v(id, provider_id)
    WHERE m.id = v.id`);
  const events = sent.flatMap((row) =>
    (row.isDelivered ? (["sent", "delivered"] as const) : (["sent"] as const)).map((type) => ({ row, type })),
  );
  const column = <T>(pick: (event: (typeof events)[number]) => T) => sql.param(events.map(pick));
  await tx.execute(sql`
    WITH v(dedupe_key, workspace_id, message_id, type, data) AS (
      SELECT * FROM unnest(${column(({ row, type }) => `${row.id}:${type}`)}::text[], ${column(({ row }) => row.workspaceId)}::uuid[],
                           ${column(({ row }) => row.id)}::uuid[], ${column(({ type }) => type)}::text[],
                           ${column(({ row }) => JSON.stringify({ providerMessageId: row.providerMessageId }))}::jsonb[])
    ),
    claimed AS (
      INSERT INTO ${messageEventKeys} (dedupe_key, workspace_id, message_id, occurred_at)
      SELECT dedupe_key, workspace_id, message_id, ${at}::timestamptz FROM v
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING dedupe_key
    )
    INSERT INTO ${messageEvents} (workspace_id, message_id, type, dedupe_key, data, occurred_at)
    SELECT v.workspace_id, v.message_id, v.type::message_event_type, v.dedupe_key, v.data, ${at}::timestamptz
    FROM v JOIN claimed USING (dedupe_key)`);
}

/** markMessageFailed for many rows: a message already handed off keeps its status. */
export async function markMessagesFailed(tx: Tx, failed: readonly { id: string; error: string }[]): Promise<void> {
  if (failed.length === 0) return;
  await tx.execute(sql`
    UPDATE ${messages} m SET status = 'failed', error = v.error
    FROM unnest(${sql.param(failed.map((row) => row.id))}::uuid[], ${sql.param(failed.map((row) => row.error))}::text[])
      AS v(id, error)
    WHERE m.id = v.id AND m.status = 'queued'`);
}
