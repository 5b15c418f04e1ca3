// The catalogue's reads and writes (schema/catalogue-entries.ts): the loop's batch of new
// events past its watermark, one workspace's whole catalogue, the upserts and deletes a pass
// decides, erasure taking an identity's share of values out, and the suggestion search.
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { catalogueEntries, catalogueWatermarks, erasureTombstones, events, workspaces } from "../schema/index";
import { SCRATCH_SLUG_PREFIX } from "./scratch-workspaces";

export type CatalogueKind = (typeof catalogueEntries.$inferSelect)["kind"];

export interface CatalogueEntry {
  workspaceId: string;
  kind: CatalogueKind;
  event: string;
  path: string;
  value: string;
  seenCount: number;
  lastSeenAt: Date;
  contributors: string[];
}

export type CatalogueKey = Pick<CatalogueEntry, "kind" | "event" | "path" | "value">;

/** The loop and erasure serialise on this, so a pass cannot write back a hash erasure just removed. */
const CATALOGUE_LOCK_KEY = "mailstream:catalogue";

export async function lockCatalogue(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${CATALOGUE_LOCK_KEY}, 0))`);
}

export async function findCatalogueWatermark(tx: Tx): Promise<number> {
  const [row] = await tx
    .select({ lastSeq: catalogueWatermarks.lastSeq })
    .from(catalogueWatermarks)
    .where(eq(catalogueWatermarks.source, "events"));
  return row?.lastSeq ?? 0;
}

export async function saveCatalogueWatermark(tx: Tx, lastSeq: number): Promise<void> {
  await tx
    .insert(catalogueWatermarks)
    .values({ source: "events", lastSeq })
    .onConflictDoUpdate({ target: catalogueWatermarks.source, set: { lastSeq, updatedAt: sql`now()` } });
}

export interface CatalogueEvent {
  seq: number;
  workspaceId: string;
  type: (typeof events.$inferSelect)["type"];
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
}

/**
 * Up to `limit` events after `afterSeq`, in seq order, stopping before the first one written
 * by a transaction not older than every open one: a seq is taken at insert but visible at
 * commit, so an open transaction may still commit a lower seq, and the watermark must not
 * pass it by. The next pass picks up from there.
 */
export async function findCatalogueEventBatch(tx: Tx, afterSeq: number, limit: number): Promise<CatalogueEvent[]> {
  const rows = await tx
    .select({
      seq: events.seq,
      workspaceId: events.workspaceId,
      type: events.type,
      event: events.event,
      userId: events.userId,
      anonymousId: events.anonymousId,
      properties: events.properties,
      traits: events.traits,
      isSettled: sql<boolean>`${events.insertXid} < pg_snapshot_xmin(pg_current_snapshot())`,
    })
    .from(events)
    // A test run's scratch workspace is never catalogued (queries/scratch-workspaces.ts).
    .where(
      and(
        gt(events.seq, afterSeq),
        sql`not exists (select 1 from ${workspaces} w where w.id = ${events.workspaceId} and w.slug like ${`${SCRATCH_SLUG_PREFIX}%`})`,
      ),
    )
    .orderBy(events.seq)
    .limit(limit);
  const unsettled = rows.findIndex((row) => !row.isSettled);
  return (unsettled === -1 ? rows : rows.slice(0, unsettled)).map(({ isSettled: _, ...event }) => event);
}

/** Of these (workspace, identity hash) pairs, the tombstoned ones with how far their erasure reached. */
export async function findErasedThrough(
  tx: Tx,
  workspaceId: string,
  identityHashes: readonly string[],
): Promise<Map<string, number>> {
  if (identityHashes.length === 0) return new Map();
  const rows = await tx
    .select({ hash: erasureTombstones.identityHash, through: erasureTombstones.erasedThroughSeq })
    .from(erasureTombstones)
    .where(
      and(eq(erasureTombstones.workspaceId, workspaceId), inArray(erasureTombstones.identityHash, [...identityHashes])),
    );
  return new Map(rows.map((row) => [row.hash, row.through]));
}

/** The workspace's whole catalogue: bounded by the pass's caps (a few thousand rows at most). */
export async function findWorkspaceCatalogue(tx: Tx, workspaceId: string): Promise<CatalogueEntry[]> {
  return tx.select().from(catalogueEntries).where(eq(catalogueEntries.workspaceId, workspaceId));
}

export async function upsertCatalogueEntries(tx: Tx, entries: readonly CatalogueEntry[]): Promise<void> {
  // Chunks keep each statement's parameter count well under Postgres's 65535.
  for (let i = 0; i < entries.length; i += 500) {
    await tx
      .insert(catalogueEntries)
      .values(entries.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [
          catalogueEntries.workspaceId,
          catalogueEntries.kind,
          catalogueEntries.event,
          catalogueEntries.path,
          catalogueEntries.value,
        ],
        set: {
          seenCount: sql`excluded.seen_count`,
          lastSeenAt: sql`excluded.last_seen_at`,
          contributors: sql`excluded.contributors`,
        },
      });
  }
}

export async function deleteCatalogueEntries(
  tx: Tx,
  workspaceId: string,
  keys: readonly CatalogueKey[],
): Promise<void> {
  for (let i = 0; i < keys.length; i += 500) {
    const tuples = keys
      .slice(i, i + 500)
      .map((k) => sql`(${k.kind}::catalogue_kind, ${k.event}::text, ${k.path}::text, ${k.value}::text)`);
    await tx.execute(sql`
      delete from ${catalogueEntries}
      where ${catalogueEntries.workspaceId} = ${workspaceId}
        and (${catalogueEntries.kind}, ${catalogueEntries.event}, ${catalogueEntries.path}, ${catalogueEntries.value})
            in (${sql.join(tuples, sql`, `)})`);
  }
}

/** Erasure: the identity hashes of an erased contact leave every value they helped show. */
export async function removeCatalogueContributors(
  tx: Tx,
  workspaceId: string,
  identityHashes: readonly string[],
): Promise<number> {
  if (identityHashes.length === 0) return 0;
  await lockCatalogue(tx);
  const hashes = sql`array[${sql.join(
    identityHashes.map((h) => sql`${h}`),
    sql`, `,
  )}]::text[]`;
  const result = await tx.execute(sql`
    update ${catalogueEntries}
    set contributors = array(select c from unnest(${catalogueEntries.contributors}) c where not (c = any(${hashes})))
    where ${catalogueEntries.workspaceId} = ${workspaceId} and ${catalogueEntries.contributors} && ${hashes}`);
  return result.rowCount ?? 0;
}

export interface CatalogueSearch {
  workspaceId: string;
  kind: CatalogueKind;
  /** Narrows paths and values to one event (event kinds); null = any event. */
  event: string | null;
  /** Narrows values to one path. */
  path: string | null;
  /** Case-insensitive text the suggestion contains; those starting with it come first. */
  text: string;
  /** Values only: how many distinct identities must have sent one before it is shown. */
  minContributors: number;
  limit: number;
}

/** Names, paths or values matching `text`, most seen first; the same name under several events once. */
export async function searchCatalogue(db: Db | Tx, q: CatalogueSearch): Promise<{ text: string; seenCount: number }[]> {
  const column =
    q.kind === "event"
      ? catalogueEntries.event
      : q.kind === "event_path" || q.kind === "trait"
        ? catalogueEntries.path
        : catalogueEntries.value;
  const needle = q.text.toLowerCase();
  const isValue = q.kind === "event_value" || q.kind === "trait_value";
  const result = await db.execute<{ text: string; seen: string; starts: boolean }>(sql`
    select ${column} as text, sum(${catalogueEntries.seenCount}) as seen,
           bool_or(starts_with(lower(${column}), ${needle})) as starts
    from ${catalogueEntries}
    where ${catalogueEntries.workspaceId} = ${q.workspaceId}
      and ${catalogueEntries.kind} = ${q.kind}
      ${q.event !== null ? sql`and ${catalogueEntries.event} = ${q.event}` : sql``}
      ${q.path !== null ? sql`and ${catalogueEntries.path} = ${q.path}` : sql``}
      ${isValue ? sql`and cardinality(${catalogueEntries.contributors}) >= ${q.minContributors}` : sql``}
      and strpos(lower(${column}), ${needle}) > 0
    group by ${column}
    order by starts desc, seen desc, text
    limit ${q.limit}`);
  return result.rows.map((row) => ({ text: row.text, seenCount: Number(row.seen) }));
}
