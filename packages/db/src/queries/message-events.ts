// Message events after the send: opens and clicks from our tracking routes, provider events
// from webhooks, unsubscribes. Every insert carries a dedupe key, so replays add nothing.
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { messageEventKeys, messageEvents, messages } from "../schema/index";

export type MessageEventType = (typeof messageEvents.$inferSelect)["type"];

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TrackedMessage = {
  id: string;
  workspaceId: string;
  toAddress: string;
  status: string;
  /** What rendered it: the click redirect re-reads the template's literal link hosts. */
  templateId: string | null;
  runId: string | null;
  nodeId: string | null;
};

const trackedColumns = {
  id: messages.id,
  workspaceId: messages.workspaceId,
  toAddress: messages.toAddress,
  status: messages.status,
  templateId: messages.templateId,
  runId: messages.runId,
  nodeId: messages.nodeId,
};

export async function findMessageForTracking(db: Db | Tx, messageId: string): Promise<TrackedMessage | null> {
  if (!UUID_PATTERN.test(messageId)) return null;
  const [row] = await db.select(trackedColumns).from(messages).where(eq(messages.id, messageId)).limit(1);
  return row ?? null;
}

/** Webhooks name messages by the provider's id (Resend's email id). */
export async function findMessageByProviderId(db: Db | Tx, providerMessageId: string): Promise<TrackedMessage | null> {
  const [row] = await db
    .select(trackedColumns)
    .from(messages)
    .where(eq(messages.providerMessageId, providerMessageId))
    .limit(1);
  return row ?? null;
}

/**
 * Returns true when the event was new, false when its dedupe key was already recorded. The
 * key is claimed in `message_event_keys` (unique across every partition of `message_events`)
 * and the event is written in the same statement only when the claim is new.
 */
export async function recordMessageEvent(
  db: Db | Tx,
  input: {
    workspaceId: string;
    messageId: string;
    type: MessageEventType;
    dedupeKey: string;
    data?: Record<string, unknown>;
    occurredAt?: Date;
  },
): Promise<boolean> {
  const occurredAt = (input.occurredAt ?? new Date()).toISOString();
  const result = await db.execute(sql`
    with claimed as (
      insert into ${messageEventKeys} (dedupe_key, workspace_id, message_id, occurred_at)
      values (${input.dedupeKey}, ${input.workspaceId}, ${input.messageId}, ${occurredAt}::timestamptz)
      on conflict (dedupe_key) do nothing
      returning dedupe_key
    )
    insert into ${messageEvents} (workspace_id, message_id, type, dedupe_key, data, occurred_at)
    select ${input.workspaceId}, ${input.messageId}, ${input.type}, dedupe_key, ${JSON.stringify(input.data ?? {})}::jsonb,
           ${occurredAt}::timestamptz
    from claimed
    returning id`);
  return result.rows.length > 0;
}

/** Events of one message, each with its dedupe key (recordMessageEvents). */
export interface MessageEventsInput {
  workspaceId: string;
  messageId: string;
  events: { type: MessageEventType; dedupeKey: string; data?: Record<string, unknown>; occurredAt?: Date }[];
}

/**
 * Several events of one message in one statement (a send's `sent` and `delivered`), each
 * deduplicated as recordMessageEvent does. Returns the types that were new.
 */
export async function recordMessageEvents(db: Db | Tx, input: MessageEventsInput): Promise<MessageEventType[]> {
  if (input.events.length === 0) return [];
  const result = await db.execute<{ type: MessageEventType }>(sql`
    with ${messageEventsCtes(input)}
    select type from recorded_events`);
  return result.rows.map((row) => row.type);
}

/**
 * recordMessageEvents as the CTEs of a larger statement (the send's hand-off writes them with
 * the sent mark, messages-send.ts): the new events are `recorded_events` (type). Needs one event.
 */
export function messageEventsCtes(input: MessageEventsInput): SQL {
  const rows = input.events.map(
    (event) =>
      sql`(${event.dedupeKey}, ${event.type}, ${JSON.stringify(event.data ?? {})}, ${(event.occurredAt ?? new Date()).toISOString()})`,
  );
  return sql`wanted (dedupe_key, type, data, occurred_at) as (values ${sql.join(rows, sql`, `)}),
    claimed as (
      insert into ${messageEventKeys} (dedupe_key, workspace_id, message_id, occurred_at)
      select dedupe_key, ${input.workspaceId}, ${input.messageId}, occurred_at::timestamptz from wanted
      on conflict (dedupe_key) do nothing
      returning dedupe_key
    ),
    recorded_events as (
      insert into ${messageEvents} (workspace_id, message_id, type, dedupe_key, data, occurred_at)
      select ${input.workspaceId}, ${input.messageId}, wanted.type::message_event_type, wanted.dedupe_key,
             wanted.data::jsonb, wanted.occurred_at::timestamptz
      from claimed join wanted using (dedupe_key)
      returning type
    )`;
}

export async function listMessageEvents(db: Db | Tx, messageId: string) {
  return db.select().from(messageEvents).where(eq(messageEvents.messageId, messageId)).orderBy(messageEvents.id);
}

/** What the read API and the Inbox show of an event: its kind, when, and the link for a click. */
export interface MessageEventItem {
  type: MessageEventType;
  occurredAt: Date;
  url: string | null;
}

/** The events of these messages, oldest first per message (one query for a whole page). */
export async function findEventsOfMessages(
  db: Db | Tx,
  workspaceId: string,
  messageIds: readonly string[],
): Promise<Map<string, MessageEventItem[]>> {
  const byMessage = new Map<string, MessageEventItem[]>(messageIds.map((id) => [id, []]));
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .select({
      messageId: messageEvents.messageId,
      type: messageEvents.type,
      occurredAt: messageEvents.occurredAt,
      data: messageEvents.data,
    })
    .from(messageEvents)
    .where(and(eq(messageEvents.workspaceId, workspaceId), inArray(messageEvents.messageId, [...messageIds])))
    .orderBy(asc(messageEvents.occurredAt), asc(messageEvents.id));
  for (const row of rows) {
    // Provider payloads can hold addresses and subjects: only a click's link is passed on.
    const url = row.type === "clicked" && typeof row.data.url === "string" ? row.data.url : null;
    byMessage.get(row.messageId)?.push({ type: row.type, occurredAt: row.occurredAt, url });
  }
  return byMessage;
}
