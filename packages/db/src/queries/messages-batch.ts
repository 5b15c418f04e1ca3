// Batched write-once and hand-off bookkeeping of many `messages` rows (broadcast pages): one
// INSERT for the page (its rows as column arrays), one SELECT for the keys an earlier attempt
// already owned (same contract as insertMessageOnce: each key's row is returned, whoever wrote
// it), one locked read of the rows to hand off, and one statement to mark them sent with their
// events.
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
 * A batch's message row, as a broadcast page or a batch of journey sends (send-batch.ts) builds
 * it: every column it writes is here, so the rows travel as one array per column
 * (insertNewMessages). A page's rows have no run, journey or node; a journey send's are stamped
 * on the run's clock (`createdAt`, absent: the database's now).
 */
export interface PageMessage {
  id: string;
  runId?: string | null | undefined;
  journeyId?: string | null | undefined;
  nodeId?: string | null | undefined;
  createdAt?: Date | undefined;
  workspaceId: string;
  contactId: string;
  templateId: string | null;
  idempotencyKey: string;
  toAddress: string;
  fromAddress: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  transport: string;
  status: "queued" | "suppressed";
  error?: string | null | undefined;
}

/**
 * insertMessagesOnce for a page's rows, without sending the rows back: the keys this statement
 * wrote (the caller holds their content), and the whole rows only for keys another attempt
 * owned. The rows travel as 18 arrays (`unnest`), not 1,800 parameters for drizzle to build one
 * by one and Postgres to bind and plan.
 */
export async function insertNewMessages(
  db: Db | Tx,
  rows: readonly PageMessage[],
): Promise<{ inserted: Set<string>; existing: Map<string, Message> }> {
  if (rows.length === 0) return { inserted: new Set(), existing: new Map() };
  const column = <T>(pick: (row: PageMessage) => T) => sql.param(rows.map(pick));
  const written = await db.execute<{ key: string }>(sql`
    INSERT INTO ${messages} (id, workspace_id, contact_id, run_id, journey_id, node_id, template_id, idempotency_key,
                             to_address, from_address, subject, html, text, headers, transport, status, error, created_at)
    SELECT v.id, v.workspace_id, v.contact_id, v.run_id, v.journey_id, v.node_id, v.template_id, v.idempotency_key,
           v.to_address, v.from_address, v.subject, v.html, v.text, v.headers, v.transport, v.status, v.error,
           coalesce(v.created_at, now())
    FROM unnest(${column((row) => row.id)}::uuid[], ${column((row) => row.workspaceId)}::uuid[],
                ${column((row) => row.contactId)}::uuid[], ${column((row) => row.runId ?? null)}::uuid[],
                ${column((row) => row.journeyId ?? null)}::uuid[], ${column((row) => row.nodeId ?? null)}::text[],
                ${column((row) => row.templateId)}::uuid[], ${column((row) => row.idempotencyKey)}::text[],
                ${column((row) => row.toAddress)}::text[], ${column((row) => row.fromAddress)}::text[],
                ${column((row) => row.subject)}::text[], ${column((row) => row.html)}::text[],
                ${column((row) => row.text)}::text[], ${column((row) => JSON.stringify(row.headers))}::jsonb[],
                ${column((row) => row.transport)}::text[], ${column((row) => row.status)}::message_status[],
                ${column((row) => row.error ?? null)}::text[], ${column((row) => row.createdAt?.toISOString() ?? null)}::timestamptz[])
      AS v(id, workspace_id, contact_id, run_id, journey_id, node_id, template_id, idempotency_key, to_address,
           from_address, subject, html, text, headers, transport, status, error, created_at)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING idempotency_key AS key`);
  const inserted = new Set(written.rows.map((row) => row.key));
  const missing = rows.map((row) => row.idempotencyKey).filter((key) => !inserted.has(key));
  return { inserted, existing: await findMessagesByKeys(db, missing) };
}

/** The rows owning these keys (a retried page finds what an earlier attempt wrote); the keys travel as one array. */
export async function findMessagesByKeys(db: Db | Tx, keys: readonly string[]): Promise<Map<string, Message>> {
  const byKey = new Map<string, Message>();
  if (keys.length === 0) return byKey;
  const rows = await db
    .select()
    .from(messages)
    .where(sql`${messages.idempotencyKey} = any(${sql.param([...keys])}::text[])`);
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
    .where(sql`${messages.id} = any(${sql.param([...ids])}::uuid[])`)
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
 * markMessageSent for many rows, in one statement: the queued rows become `sent`, and only the
 * rows this statement moved get their `sent` (and `delivered`) events, so a replay adds nothing.
 * An event another writer may also record — a provider's webhook reports `sent` under the same
 * `<message>:sent` key (webhooks-resend.ts) — claims its key in `message_event_keys` as every
 * event does. An event only this hand-off can write (`delivered`, and `sent` when the hand-off
 * is the delivery: the outbox, which no provider reports) needs no key: the queued → sent move,
 * made once under the rows' locks, already lets it through once. That spares a page of the
 * outbox 200 key rows, their three index entries and two foreign-key checks each. Rows travel as
 * arrays (`unnest`): a page is a few parameters, not hundreds for drizzle to build and Postgres to bind.
 */
export async function markMessagesSent(tx: Tx, sent: readonly SentMessage[], sentAt = new Date()): Promise<void> {
  if (sent.length === 0) return;
  const at = sentAt.toISOString();
  const events = sent.flatMap((row) =>
    (row.isDelivered ? (["sent", "delivered"] as const) : (["sent"] as const)).map((type) => ({
      row,
      type,
      // Keyed: a provider may report this event too, and both must merge into one.
      isKeyed: type === "sent" && !row.isDelivered,
    })),
  );
  const column = <T>(pick: (event: (typeof events)[number]) => T) => sql.param(events.map(pick));
  await tx.execute(sql`
    WITH marked AS (
      UPDATE ${messages} m SET status = 'sent', sent_at = ${at}::timestamptz, provider_message_id = v.provider_id, error = NULL
      FROM unnest(${sql.param(sent.map((row) => row.id))}::uuid[], ${sql.param(sent.map((row) => row.providerMessageId))}::text[])
        AS v(id, provider_id)
      WHERE m.id = v.id AND m.status = 'queued'
      RETURNING m.id
    ),
    v(dedupe_key, workspace_id, message_id, type, data, is_keyed) AS (
      SELECT e.* FROM unnest(${column(({ row, type }) => `${row.id}:${type}`)}::text[], ${column(({ row }) => row.workspaceId)}::uuid[],
                             ${column(({ row }) => row.id)}::uuid[], ${column(({ type }) => type)}::text[],
                             ${column(({ row }) => JSON.stringify({ providerMessageId: row.providerMessageId }))}::jsonb[],
                             ${column(({ isKeyed }) => isKeyed)}::boolean[])
        AS e(dedupe_key, workspace_id, message_id, type, data, is_keyed)
      JOIN marked ON marked.id = e.message_id
    ),
    claimed AS (
      INSERT INTO ${messageEventKeys} (dedupe_key, workspace_id, message_id, occurred_at)
      SELECT dedupe_key, workspace_id, message_id, ${at}::timestamptz FROM v WHERE is_keyed
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING dedupe_key
    )
    INSERT INTO ${messageEvents} (workspace_id, message_id, type, dedupe_key, data, occurred_at)
    SELECT v.workspace_id, v.message_id, v.type::message_event_type, v.dedupe_key, v.data, ${at}::timestamptz
    FROM v WHERE NOT v.is_keyed OR v.dedupe_key IN (SELECT dedupe_key FROM claimed)`);
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
