// Batched write-once and hand-off bookkeeping of many `messages` rows (broadcast pages): one
// INSERT for the page (its rows as column arrays), one SELECT for the keys an earlier attempt
// already owned (same contract as insertMessageOnce: each key's row is returned, whoever wrote
// it), one locked read of the rows to hand off, and one statement to mark them sent with their
// events. Each write also comes as CTEs, so a page ends with ONE statement sent with its COMMIT
// (messages-batch-commit.ts).
import { inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { messageEventKeys, messageEvents, messages } from "../schema";
import type { Message, NewMessage } from "./messages-send";
import { executeNamed } from "./named-statement";

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
  /** `sent` / `failed`: handed off before the insert (the outbox: no I/O), stored as settled. */
  status: "queued" | "suppressed" | "sent" | "failed";
  error?: string | null | undefined;
  providerMessageId?: string | null | undefined;
  sentAt?: Date | null | undefined;
}

/**
 * insertMessagesOnce for a page's rows, without sending the rows back: the keys this statement
 * wrote (the caller holds their content), and the whole rows only for keys another attempt
 * owned. One row (a batch of one journey send: every send at a low rate) goes as a named
 * prepared statement (insertOneMessage).
 */
export async function insertNewMessages(
  db: Db | Tx,
  rows: readonly PageMessage[],
): Promise<{ inserted: Set<string>; existing: Map<string, Message> }> {
  if (rows.length === 0) return { inserted: new Set(), existing: new Map() };
  const written =
    rows.length === 1
      ? await insertOneMessage(db, rows[0] as PageMessage)
      : (
          await db.execute<{ key: string }>(
            sql`WITH ${pageMessagesCte(rows)} SELECT idempotency_key AS key FROM page_messages`,
          )
        ).rows;
  const inserted = new Set(written.map((row) => row.key));
  const missing = rows.map((row) => row.idempotencyKey).filter((key) => !inserted.has(key));
  return { inserted, existing: await findMessagesByKeys(db, missing) };
}

/** A page message's columns as the insert writes them: name, Postgres type, value. */
const PAGE_MESSAGE_COLUMNS: readonly { name: string; type: string; value: (row: PageMessage) => unknown }[] = [
  { name: "id", type: "uuid", value: (row) => row.id },
  { name: "workspace_id", type: "uuid", value: (row) => row.workspaceId },
  { name: "contact_id", type: "uuid", value: (row) => row.contactId },
  { name: "run_id", type: "uuid", value: (row) => row.runId ?? null },
  { name: "journey_id", type: "uuid", value: (row) => row.journeyId ?? null },
  { name: "node_id", type: "text", value: (row) => row.nodeId ?? null },
  { name: "template_id", type: "uuid", value: (row) => row.templateId },
  { name: "idempotency_key", type: "text", value: (row) => row.idempotencyKey },
  { name: "to_address", type: "text", value: (row) => row.toAddress },
  { name: "from_address", type: "text", value: (row) => row.fromAddress },
  { name: "subject", type: "text", value: (row) => row.subject },
  { name: "html", type: "text", value: (row) => row.html },
  { name: "text", type: "text", value: (row) => row.text },
  { name: "headers", type: "jsonb", value: (row) => JSON.stringify(row.headers) },
  { name: "transport", type: "text", value: (row) => row.transport },
  { name: "status", type: "message_status", value: (row) => row.status },
  { name: "error", type: "text", value: (row) => row.error ?? null },
  { name: "provider_message_id", type: "text", value: (row) => row.providerMessageId ?? null },
  { name: "sent_at", type: "timestamptz", value: (row) => row.sentAt?.toISOString() ?? null },
  { name: "created_at", type: "timestamptz", value: (row) => row.createdAt?.toISOString() ?? null },
];

/** The bodies (kilobytes each): see pageMessagesCte. */
const isBody = (name: string) => name === "html" || name === "text";

/**
 * The INSERT of the rows of `source`, a relation with PAGE_MESSAGE_COLUMNS in their order (a
 * page's arrays, or one row's values); a key another attempt owns is skipped. Returns the `id`
 * and `idempotency_key` of each row it wrote.
 */
function insertPageMessages(source: SQL): SQL {
  const names = sql.raw(PAGE_MESSAGE_COLUMNS.map((column) => column.name).join(", "));
  const picked = sql.raw(
    PAGE_MESSAGE_COLUMNS.map(({ name }) =>
      name === "created_at" ? "coalesce(v.created_at, now())" : `v.${name}`,
    ).join(", "),
  );
  return sql`INSERT INTO ${messages} (${names})
    SELECT ${picked} FROM ${source} AS v(${names})
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, idempotency_key`;
}

/**
 * A page's INSERT as a CTE (`page_messages`: the `id` and `idempotency_key` of each row it wrote).
 * The rows travel as 20 arrays (`unnest`), not a parameter per cell for drizzle to build one by
 * one and Postgres to bind and plan; only the two bodies go as a parameter per row. Needs one row.
 */
export function pageMessagesCte(rows: readonly PageMessage[]): SQL {
  // The bodies (kilobytes each) go as one parameter per row gathered by ARRAY[…], not as an array
  // literal: node-postgres would escape every quote and backslash of every body into one string
  // of the whole batch (hundreds of kilobytes, garbage for Node's collector) and Postgres parse it
  // back; a parameter travels as it is (docs/performance.md, "The send path's CPU per email").
  const arrays = PAGE_MESSAGE_COLUMNS.map(({ name, type, value }) =>
    isBody(name)
      ? sql`ARRAY[${sql.join(
          rows.map((row) => sql`${value(row)}::text`),
          sql`, `,
        )}]`
      : sql`${sql.param(rows.map(value))}::${sql.raw(type)}[]`,
  );
  return sql`page_messages AS (${insertPageMessages(sql`unnest(${sql.join(arrays, sql`, `)})`)})`;
}

/**
 * One row's INSERT, its values as scalars: a named prepared statement (named-statement.ts), so each
 * connection plans it once and keeps the plan (the page form, its arrays built per call, is planned
 * on every call).
 */
const INSERT_ONE_MESSAGE = sql`WITH page_messages AS (${insertPageMessages(
  sql`(VALUES (${sql.join(
    PAGE_MESSAGE_COLUMNS.map(({ name, type }) => sql`${sql.placeholder(name)}::${sql.raw(type)}`),
    sql`, `,
  )}))`,
)}) SELECT idempotency_key AS key FROM page_messages`;

function insertOneMessage(db: Db | Tx, row: PageMessage): Promise<{ key: string }[]> {
  return executeNamed<{ key: string }>(
    db,
    "insert_page_message_one",
    INSERT_ONE_MESSAGE,
    Object.fromEntries(PAGE_MESSAGE_COLUMNS.map(({ name, value }) => [name, value(row)])),
  );
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
 */
export async function markMessagesSent(tx: Tx, sent: readonly SentMessage[], sentAt = new Date()): Promise<void> {
  if (sent.length === 0) return;
  await tx.execute(sql`WITH ${sentMarksCtes(sent, sentAt)} SELECT 1`);
}

/**
 * markMessagesSent as the CTEs of a larger statement: `sent_marks` moves the queued rows to
 * `sent`, and the rows it moved get their events (sentEventsCtes). Needs one row.
 */
export function sentMarksCtes(sent: readonly SentMessage[], sentAt: Date): SQL {
  return sql`sent_marks AS (
      UPDATE ${messages} m SET status = 'sent', sent_at = ${sentAt.toISOString()}::timestamptz,
        provider_message_id = v.provider_id, error = NULL
      FROM unnest(${sql.param(sent.map((row) => row.id))}::uuid[], ${sql.param(sent.map((row) => row.providerMessageId))}::text[])
        AS v(id, provider_id)
      WHERE m.id = v.id AND m.status = 'queued'
      RETURNING m.id
    ),
    ${sentEventsCtes(sent, sentAt, "sent_marks")}`;
}

/**
 * The `sent` (and `delivered`) events of these messages, as CTEs, for the rows the CTE named
 * `movedIn` (its `id`s) of the same statement settled: the sent marks, or a page's insert of
 * rows stored already handed off. An event another writer may also record — a provider's
 * webhook reports `sent` under the same `<message>:sent` key (webhooks-resend.ts) — claims its
 * key in `message_event_keys` as every event does. An event only this hand-off can write
 * (`delivered`, and `sent` when the hand-off is the delivery: the outbox, which no provider
 * reports) needs no key: the row's one move to `sent`, made once under its lock or its insert,
 * already lets it through once. That spares a page of the outbox 200 key rows, their three
 * index entries and two foreign-key checks each. Needs one row.
 */
export function sentEventsCtes(sent: readonly SentMessage[], sentAt: Date, movedIn: string): SQL {
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
  return sql`sent_events_wanted(dedupe_key, workspace_id, message_id, type, data, is_keyed) AS (
      SELECT e.* FROM unnest(${column(({ row, type }) => `${row.id}:${type}`)}::text[], ${column(({ row }) => row.workspaceId)}::uuid[],
                             ${column(({ row }) => row.id)}::uuid[], ${column(({ type }) => type)}::text[],
                             ${column(({ row }) => JSON.stringify({ providerMessageId: row.providerMessageId }))}::jsonb[],
                             ${column(({ isKeyed }) => isKeyed)}::boolean[])
        AS e(dedupe_key, workspace_id, message_id, type, data, is_keyed)
      WHERE e.message_id IN (SELECT id FROM ${sql.identifier(movedIn)})
    ),
    sent_event_keys AS (
      INSERT INTO ${messageEventKeys} (dedupe_key, workspace_id, message_id, occurred_at)
      SELECT dedupe_key, workspace_id, message_id, ${at}::timestamptz FROM sent_events_wanted WHERE is_keyed
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING dedupe_key
    ),
    sent_events AS (
      INSERT INTO ${messageEvents} (workspace_id, message_id, type, dedupe_key, data, occurred_at)
      SELECT v.workspace_id, v.message_id, v.type::message_event_type, v.dedupe_key, v.data, ${at}::timestamptz
      FROM sent_events_wanted v WHERE NOT v.is_keyed OR v.dedupe_key IN (SELECT dedupe_key FROM sent_event_keys)
    )`;
}

/** markMessageFailed for many rows: a message already handed off keeps its status. */
export async function markMessagesFailed(tx: Tx, failed: readonly FailedMessage[]): Promise<void> {
  if (failed.length === 0) return;
  await tx.execute(sql`WITH ${failedMarksCte(failed)} SELECT 1`);
}

export interface FailedMessage {
  id: string;
  error: string;
}

/** markMessagesFailed as a CTE of a larger statement (`failed_marks`). Needs one row. */
export function failedMarksCte(failed: readonly FailedMessage[]): SQL {
  return sql`failed_marks AS (
    UPDATE ${messages} m SET status = 'failed', error = v.error
    FROM unnest(${sql.param(failed.map((row) => row.id))}::uuid[], ${sql.param(failed.map((row) => row.error))}::text[])
      AS v(id, error)
    WHERE m.id = v.id AND m.status = 'queued'
  )`;
}
