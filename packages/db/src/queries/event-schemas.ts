// Event schemas (rules per event name), the workspace's enforcement mode, the violations of
// flagged events, and the Events page's recent-events read (with each event's flag).
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import {
  eventMessageIds,
  events,
  eventSchemaSettings,
  eventSchemas,
  eventSchemaViolations,
  type EventPropertyRule,
} from "../schema/index";

export type EventSchemaRow = typeof eventSchemas.$inferSelect;
export type EventSchemaMode = (typeof eventSchemaSettings.$inferSelect)["mode"];
export type { EventPropertyRule };

export async function findEventSchemas(db: Db | Tx, workspaceId: string): Promise<EventSchemaRow[]> {
  return db
    .select()
    .from(eventSchemas)
    .where(eq(eventSchemas.workspaceId, workspaceId))
    .orderBy(eventSchemas.eventName);
}

/** Creates or replaces the schema of `eventName`. */
export async function upsertEventSchema(
  db: Db | Tx,
  workspaceId: string,
  input: { eventName: string; rules: EventPropertyRule[]; isStrict: boolean },
): Promise<EventSchemaRow> {
  const [row] = await db
    .insert(eventSchemas)
    .values({ workspaceId, ...input })
    .onConflictDoUpdate({
      target: [eventSchemas.workspaceId, eventSchemas.eventName],
      set: { rules: input.rules, isStrict: input.isStrict, updatedAt: sql`now()` },
    })
    .returning();
  if (!row) throw new Error(`Saving the schema of ${input.eventName} returned no row`);
  return row;
}

export async function deleteEventSchema(db: Db | Tx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(eventSchemas)
    .where(and(eq(eventSchemas.workspaceId, workspaceId), eq(eventSchemas.id, id)))
    .returning({ id: eventSchemas.id });
  return rows.length > 0;
}

/** The workspace's mode; `flag` until someone chooses. */
export async function findEventSchemaMode(db: Db | Tx, workspaceId: string): Promise<EventSchemaMode> {
  const [row] = await db
    .select({ mode: eventSchemaSettings.mode })
    .from(eventSchemaSettings)
    .where(eq(eventSchemaSettings.workspaceId, workspaceId));
  return row?.mode ?? "flag";
}

export async function setEventSchemaMode(db: Db | Tx, workspaceId: string, mode: EventSchemaMode): Promise<void> {
  await db
    .insert(eventSchemaSettings)
    .values({ workspaceId, mode })
    .onConflictDoUpdate({ target: eventSchemaSettings.workspaceId, set: { mode, updatedAt: sql`now()` } });
}

export interface EventViolationInput {
  workspaceId: string;
  messageId: string;
  eventName: string;
  problems: { path: string; message: string }[];
}

/** Records the problems of flagged events (call in the transaction that inserted them). */
export async function insertEventViolations(tx: Db | Tx, violations: readonly EventViolationInput[]): Promise<void> {
  if (violations.length === 0) return;
  await tx
    .insert(eventSchemaViolations)
    .values([...violations])
    .onConflictDoNothing();
}

export interface RecentEvent {
  seq: number;
  messageId: string;
  type: (typeof events.$inferSelect)["type"];
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  properties: Record<string, unknown>;
  timestamp: Date;
  receivedAt: Date;
  dispatchedAt: Date | null;
  problems: { path: string; message: string }[] | null;
}

export interface RecentEventsFilter {
  limit: number;
  /** Keyset: only events older (lower seq) than this. */
  beforeSeq?: number | null;
  type?: RecentEvent["type"] | null;
  eventName?: string | null;
  userId?: string | null;
  isFlaggedOnly?: boolean;
}

/** Newest events first with their schema problems (null = not flagged), for the Events page. */
export async function findRecentEventsPage(
  db: Db | Tx,
  workspaceId: string,
  filter: RecentEventsFilter,
): Promise<{ data: RecentEvent[]; nextBeforeSeq: number | null }> {
  const columns = {
    seq: events.seq,
    messageId: events.messageId,
    type: events.type,
    event: events.event,
    userId: events.userId,
    anonymousId: events.anonymousId,
    properties: events.properties,
    timestamp: events.timestamp,
    receivedAt: events.receivedAt,
    dispatchedAt: events.dispatchedAt,
    problems: eventSchemaViolations.problems,
  };
  const matching = and(
    eq(events.workspaceId, workspaceId),
    filter.beforeSeq ? lt(events.seq, filter.beforeSeq) : undefined,
    filter.type ? eq(events.type, filter.type) : undefined,
    filter.eventName ? eq(events.event, filter.eventName) : undefined,
    filter.userId ? eq(events.userId, filter.userId) : undefined,
  );
  const sameKey = (table: typeof eventMessageIds | typeof events) =>
    and(eq(eventSchemaViolations.workspaceId, table.workspaceId), eq(eventSchemaViolations.messageId, table.messageId));
  const rows = filter.isFlaggedOnly
    ? // Flagged events are few: start from their records and follow each one's messageId key
      // to its event by events' primary key (events has no index on messageId).
      await db
        .select(columns)
        .from(eventSchemaViolations)
        .innerJoin(eventMessageIds, sameKey(eventMessageIds))
        .innerJoin(events, and(eq(events.seq, eventMessageIds.seq), eq(events.receivedAt, eventMessageIds.receivedAt)))
        .where(and(eq(eventSchemaViolations.workspaceId, workspaceId), matching))
        .orderBy(desc(events.seq))
        .limit(filter.limit + 1)
    : await db
        .select(columns)
        .from(events)
        .leftJoin(eventSchemaViolations, sameKey(events))
        .where(matching)
        .orderBy(desc(events.seq))
        .limit(filter.limit + 1);
  const data = rows.slice(0, filter.limit);
  return { data, nextBeforeSeq: rows.length > filter.limit ? (data.at(-1)?.seq ?? null) : null };
}

/** Event names seen lately with their counts, for the Events page's filter and schema picker. */
export async function findRecentEventNames(
  db: Db | Tx,
  workspaceId: string,
): Promise<{ name: string; count: number }[]> {
  const result = await db.execute<{ name: string; count: string }>(sql`
    select event as name, count(*) as count from (
      select event from ${events} where workspace_id = ${workspaceId} and type = 'track' and event is not null
      order by seq desc limit 5000) recent
    group by event order by count(*) desc, event limit 100`);
  return result.rows.map((row) => ({ name: row.name, count: Number(row.count) }));
}
