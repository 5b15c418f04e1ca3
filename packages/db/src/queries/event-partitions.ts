// The monthly partitions of `events` (by received_at) and `message_events` (by occurred_at),
// and the retention that removes what a workspace no longer keeps. Migration 0028 defines
// the SQL functions used here; docs/data-retention.md explains the design.
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../client";

/** The two partitioned tables and their partition keys. */
export const PARTITIONED_TABLES = [
  { table: "events", key: "received_at" },
  { table: "message_events", key: "occurred_at" },
] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number]["table"];

/** Months of partitions kept ready ahead of the current one. */
export const PARTITION_MONTHS_AHEAD = 3;

/**
 * Creates the partitions for this month and `monthsAhead` more (both tables), and for recent
 * months whose rows wait in a DEFAULT partition (moved into their month). Idempotent; run by
 * one dispatcher at a time. Returns how many partitions it created.
 */
export async function ensureEventPartitions(db: Db | Tx, monthsAhead = PARTITION_MONTHS_AHEAD): Promise<number> {
  const { rows } = await db.execute<{ created: number }>(
    sql`select mailstream_ensure_event_partitions(${monthsAhead}::int) as created`,
  );
  return Number(rows[0]?.created ?? 0);
}

export interface MonthPartition {
  table: PartitionedTable;
  name: string;
  /** First instant of the month (UTC), inclusive. */
  from: Date;
  /** First instant of the next month, exclusive. */
  to: Date;
}

const MONTH_PARTITION = /_p(\d{4})_(\d{2})$/;

/** Every month partition of both tables, oldest first (the DEFAULT partitions are not listed). */
export async function listMonthPartitions(db: Db | Tx): Promise<MonthPartition[]> {
  const { rows } = await db.execute<{ parent: string; name: string }>(sql`
    select p.relname as parent, c.relname as name
    from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent
    where p.relname in ('events', 'message_events') and p.relnamespace = 'public'::regnamespace
    order by c.relname`);
  const partitions: MonthPartition[] = [];
  for (const row of rows) {
    const match = MONTH_PARTITION.exec(row.name);
    if (!match || row.name !== `${row.parent}_p${match[1]}_${match[2]}`) continue;
    const year = Number(match[1]);
    const month = Number(match[2]) - 1;
    partitions.push({
      table: row.parent as PartitionedTable,
      name: row.name,
      from: new Date(Date.UTC(year, month, 1)),
      to: new Date(Date.UTC(year, month + 1, 1)),
    });
  }
  return partitions.sort((a, b) => a.from.getTime() - b.from.getTime() || a.name.localeCompare(b.name));
}

/**
 * Drops `partition` when no workspace with rows in it still keeps them: each such workspace
 * must have a retention whose cutoff (now − days) is at or after the partition's end. A
 * workspace that keeps forever (no retention) holds every partition it has rows in. The check
 * runs first without a lock (the usual answer is "held", and then nothing is locked); only a
 * partition that looks droppable is checked again and dropped in one transaction holding the
 * parent's lock (parent first, the order every query takes them in), so no row arrives in
 * between. Ingest waits for that moment; the lock timeout keeps the wait short, and a busy
 * table is simply tried again on the next pass. Returns whether it dropped the partition.
 */
export async function dropExpiredPartition(db: Db, partition: MonthPartition, now: Date): Promise<boolean> {
  if (await isPartitionHeld(db, partition, now)) return false;
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local lock_timeout = '2s'`);
    await tx.execute(
      sql`lock table ${sql.identifier(partition.table)}, ${sql.identifier(partition.name)} in access exclusive mode`,
    );
    if (await isPartitionHeld(tx, partition, now)) return false;
    await tx.execute(sql`drop table ${sql.identifier(partition.name)}`);
    return true;
  });
}

/** Whether some workspace with rows in `partition` keeps them (keeps forever, or its cutoff is before the partition's end). */
async function isPartitionHeld(db: Db | Tx, partition: MonthPartition, now: Date): Promise<boolean> {
  const { rows } = await db.execute<{ held: boolean }>(sql`
    select exists (
      select 1 from workspaces w
      where (w.settings->>'eventRetentionDays' is null
             or ${partition.to.toISOString()}::timestamptz
                > ${now.toISOString()}::timestamptz - make_interval(days => (w.settings->>'eventRetentionDays')::int))
        and exists (select 1 from ${sql.identifier(partition.name)} p where p.workspace_id = w.id)
    ) as held`);
  return rows[0]?.held !== false;
}

/** Workspaces with a retention setting, and the instant before which their events go. */
export async function findRetentionCutoffs(db: Db | Tx, now: Date): Promise<{ workspaceId: string; cutoff: Date }[]> {
  const { rows } = await db.execute<{ id: string; cutoff: string }>(sql`
    select id, (${now.toISOString()}::timestamptz - make_interval(days => (settings->>'eventRetentionDays')::int)) as cutoff
    from workspaces where settings->>'eventRetentionDays' is not null
    order by id`);
  return rows.map((row) => ({ workspaceId: row.id, cutoff: new Date(row.cutoff) }));
}

/**
 * Deletes up to `limit` rows of one workspace older than `cutoff` from one of the four event
 * tables (the two partitioned ones and their dedupe keys). Returns how many went; fewer than
 * `limit` means the workspace is done for that table. Small batches keep locks and WAL short.
 */
export async function deleteExpiredEventRows(
  db: Db | Tx,
  target: "events" | "event_message_ids" | "message_events" | "message_event_keys",
  workspaceId: string,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const before = cutoff.toISOString();
  const statements = {
    events: sql`delete from events where (seq, received_at) in (
      select seq, received_at from events where workspace_id = ${workspaceId} and received_at < ${before}::timestamptz limit ${limit})`,
    event_message_ids: sql`delete from event_message_ids where (workspace_id, message_id) in (
      select workspace_id, message_id from event_message_ids
      where workspace_id = ${workspaceId} and received_at < ${before}::timestamptz limit ${limit})`,
    message_events: sql`delete from message_events where (id, occurred_at) in (
      select id, occurred_at from message_events where workspace_id = ${workspaceId} and occurred_at < ${before}::timestamptz limit ${limit})`,
    message_event_keys: sql`delete from message_event_keys where dedupe_key in (
      select dedupe_key from message_event_keys
      where workspace_id = ${workspaceId} and occurred_at < ${before}::timestamptz limit ${limit})`,
  };
  const result = await db.execute(statements[target]);
  return result.rowCount ?? 0;
}
