// Journeys and their published versions: listing with run counts, the editable draft,
// publishing a compiled plan as a new immutable version, and the status changes of the
// lifecycle (pause, resume, archive) with the active runs they must reach.
import type { JourneyGraph } from "@mailstream/journey/schema";
import type { Plan } from "@mailstream/journey/plan";
import { and, arrayContains, count, desc, eq, ilike, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { journeyRuns, journeys, journeyVersions } from "../schema/index";
import { journeyEntriesSql } from "./metrics";
import { returnedRow } from "./returned-row";

/** Channel the dispatcher LISTENs on to reload live plans; payload is the journey id. */
export const JOURNEYS_CHANNEL = "mailstream_journeys";

export type JourneyRow = typeof journeys.$inferSelect;
export type JourneyStatus = JourneyRow["status"];

/** Publishing an archived journey: it stays archived, nothing is written. */
export class JourneyArchivedError extends Error {
  constructor(journeyId: string) {
    super(`Journey ${journeyId} is archived: archived journeys cannot be published or resumed.`);
    this.name = "JourneyArchivedError";
  }
}
export type JourneyVersionRow = typeof journeyVersions.$inferSelect;

export interface JourneySummary {
  id: string;
  name: string;
  status: JourneyRow["status"];
  liveVersion: number | null;
  runsEntered: number;
  runsActive: number;
  tags: string[];
  updatedAt: Date;
}

/** Entries as the metrics page counts them (metrics.ts, ENTRY_METRIC); active runs from the runs themselves. */
export async function findJourneySummaries(db: Db, workspaceId: string): Promise<JourneySummary[]> {
  return (await findJourneySummaryRows(db, eq(journeys.workspaceId, workspaceId))).rows;
}

export interface JourneySearch {
  /** Part of the name, any case. */
  search?: string | undefined;
  status?: JourneyStatus | undefined;
  tag?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of the journeys list, filtered by name, status and tag, with the total that match. */
export async function searchJourneySummaries(
  db: Db,
  workspaceId: string,
  options: JourneySearch,
): Promise<{ rows: JourneySummary[]; total: number }> {
  const where = and(
    eq(journeys.workspaceId, workspaceId),
    options.search ? ilike(journeys.name, containsPattern(options.search)) : undefined,
    options.status ? eq(journeys.status, options.status) : undefined,
    options.tag ? arrayContains(journeys.tags, [options.tag]) : undefined,
  );
  return findJourneySummaryRows(db, where, options);
}

/** A name search as an ILIKE pattern: `%`, `_` and `\\` typed by a person match themselves. */
export function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Every tag used on the workspace's journeys, for the list's filter. */
export async function findJourneyTagNames(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tag: sql<string>`unnest(${journeys.tags})` })
    .from(journeys)
    .where(eq(journeys.workspaceId, workspaceId));
  return rows.map((row) => row.tag).sort();
}

async function findJourneySummaryRows(
  db: Db,
  where: SQL | undefined,
  page?: { limit: number; offset: number },
): Promise<{ rows: JourneySummary[]; total: number }> {
  // Counted per listed journey (journey_runs_journey_status_idx), not over the workspace's every run.
  const runCount = (filter: SQL) =>
    sql<number>`(select count(*)::int from ${journeyRuns} where ${journeyRuns.journeyId} = ${journeys.id} and ${filter})`;
  const rows = await db
    .select({
      id: journeys.id,
      name: journeys.name,
      status: journeys.status,
      liveVersion: journeyVersions.version,
      runsEntered: sql<number>`${journeyEntriesSql(sql`${journeys.id}`)}::int`,
      runsActive: runCount(sql`${journeyRuns.status} = 'active'`),
      tags: journeys.tags,
      updatedAt: journeys.updatedAt,
    })
    .from(journeys)
    .leftJoin(journeyVersions, eq(journeyVersions.id, journeys.liveVersionId))
    .where(where)
    .orderBy(desc(journeys.updatedAt), desc(journeys.id))
    .limit(page?.limit ?? Number.MAX_SAFE_INTEGER)
    .offset(page?.offset ?? 0);
  if (!page) return { rows, total: rows.length };
  const [total] = await db.select({ n: count() }).from(journeys).where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function findJourneyById(db: Db | Tx, workspaceId: string, journeyId: string): Promise<JourneyRow | null> {
  const [row] = await db
    .select()
    .from(journeys)
    .where(and(eq(journeys.workspaceId, workspaceId), eq(journeys.id, journeyId)));
  return row ?? null;
}

/** Published versions, newest first, without their (large) graph and plan. */
export async function findJourneyVersions(db: Db, journeyId: string) {
  return db
    .select({ id: journeyVersions.id, version: journeyVersions.version, publishedAt: journeyVersions.publishedAt })
    .from(journeyVersions)
    .where(eq(journeyVersions.journeyId, journeyId))
    .orderBy(desc(journeyVersions.version));
}

export async function findJourneyVersionById(db: Db, versionId: string): Promise<JourneyVersionRow | null> {
  const [row] = await db.select().from(journeyVersions).where(eq(journeyVersions.id, versionId));
  return row ?? null;
}

export async function insertJourney(
  db: Db | Tx,
  input: { workspaceId: string; name: string; draft: JourneyGraph; tags?: string[] },
): Promise<JourneyRow> {
  return returnedRow(await db.insert(journeys).values(input).returning(), "insert into journeys");
}

export async function updateJourneyDraft(
  db: Db | Tx,
  workspaceId: string,
  journeyId: string,
  draft: JourneyGraph,
): Promise<JourneyRow | null> {
  return updateJourney(db, workspaceId, journeyId, { draft });
}

export async function renameJourney(
  db: Db | Tx,
  workspaceId: string,
  journeyId: string,
  name: string,
): Promise<JourneyRow | null> {
  return updateJourney(db, workspaceId, journeyId, { name });
}

/** Replaces the journey's tags (the use case locked the row and validated them); the list order stays. */
export async function updateJourneyTags(tx: Tx, journeyId: string, tags: string[]): Promise<void> {
  await tx.update(journeys).set({ tags }).where(eq(journeys.id, journeyId));
}

/** The journey row, locked FOR UPDATE (a run start holds FOR SHARE until its workflow exists). */
export async function lockJourney(tx: Tx, workspaceId: string, journeyId: string): Promise<JourneyRow | null> {
  const [row] = await tx
    .select()
    .from(journeys)
    .where(and(eq(journeys.workspaceId, workspaceId), eq(journeys.id, journeyId)))
    .for("update");
  return row ?? null;
}

/** Deletes the journey; its versions, runs, steps and metrics go with it (ON DELETE CASCADE). */
export async function deleteJourneyRow(tx: Tx, journeyId: string): Promise<void> {
  await tx.delete(journeys).where(eq(journeys.id, journeyId));
}

/** Changes the journey's name or draft, if it is this workspace's; null when it is not. */
async function updateJourney(
  db: Db,
  workspaceId: string,
  journeyId: string,
  patch: { name: string } | { draft: JourneyGraph },
): Promise<JourneyRow | null> {
  const [row] = await db
    .update(journeys)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(journeys.workspaceId, workspaceId), eq(journeys.id, journeyId)))
    .returning();
  return row ?? null;
}

/**
 * Stores `graph`/`plan` as the next version and makes it live, atomically. The journey row
 * is locked so two concurrent publishes get versions n and n+1, never a unique violation.
 * A paused journey stays paused (the new version is what new entrants get on resume); an
 * archived one throws JourneyArchivedError. Runs keep the version they started on.
 * The NOTIFY is transactional: the dispatcher hears it only once the version is committed.
 */
export async function insertPublishedVersion(
  db: Db | Tx,
  input: { workspaceId: string; journeyId: string; graph: JourneyGraph; plan: Plan },
): Promise<JourneyVersionRow | null> {
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ id: journeys.id, status: journeys.status })
      .from(journeys)
      .where(and(eq(journeys.workspaceId, input.workspaceId), eq(journeys.id, input.journeyId)))
      .for("update");
    if (!locked) return null;
    if (locked.status === "archived") throw new JourneyArchivedError(input.journeyId);
    const [max] = await tx
      .select({ version: sql<number>`coalesce(max(${journeyVersions.version}), 0)::int` })
      .from(journeyVersions)
      .where(eq(journeyVersions.journeyId, input.journeyId));
    const [version] = await tx
      .insert(journeyVersions)
      .values({ journeyId: input.journeyId, version: (max?.version ?? 0) + 1, graph: input.graph, plan: input.plan })
      .returning();
    if (!version) throw new Error("insert into journey_versions returned no row");
    const now = new Date();
    await tx
      .update(journeys)
      .set({
        draft: input.graph,
        liveVersionId: version.id,
        status: locked.status === "paused" ? "paused" : "live",
        updatedAt: now,
      })
      .where(eq(journeys.id, input.journeyId));
    await tx.execute(sql`select pg_notify(${JOURNEYS_CHANNEL}, ${input.journeyId})`);
    return version;
  });
}

/**
 * Locks the journey row for a status change (FOR UPDATE: waits for run starts holding their
 * share lock, and makes them wait for this transaction). Null when it is not in the workspace.
 */
export async function lockJourneyForStatusChange(
  tx: Tx,
  workspaceId: string,
  journeyId: string,
): Promise<{ status: JourneyStatus; liveVersionId: string | null; name: string } | null> {
  const [row] = await tx
    .select({ status: journeys.status, liveVersionId: journeys.liveVersionId, name: journeys.name })
    .from(journeys)
    .where(and(eq(journeys.workspaceId, workspaceId), eq(journeys.id, journeyId)))
    .for("update");
  return row ?? null;
}

export async function updateJourneyStatus(tx: Tx, journeyId: string, status: JourneyStatus): Promise<void> {
  await tx.update(journeys).set({ status, updatedAt: new Date() }).where(eq(journeys.id, journeyId));
  // The dispatcher reloads live plans on this channel; delivered on commit.
  await tx.execute(sql`select pg_notify(${JOURNEYS_CHANNEL}, ${journeyId})`);
}

/** The journey's active runs (every version): the ones a pause, resume or archive must reach. */
export async function findActiveRunsOfJourney(
  db: Db | Tx,
  journeyId: string,
): Promise<{ id: string; workflowId: string }[]> {
  return db
    .select({ id: journeyRuns.id, workflowId: journeyRuns.workflowId })
    .from(journeyRuns)
    .where(and(eq(journeyRuns.journeyId, journeyId), eq(journeyRuns.status, "active")));
}

/** Published versions, newest first, each with its number of active runs. */
export async function findJourneyVersionsWithActiveRuns(
  db: Db,
  journeyId: string,
): Promise<{ id: string; version: number; publishedAt: Date; activeRuns: number }[]> {
  const active = db
    .select({ versionId: journeyRuns.versionId, count: sql<number>`count(*)::int`.as("count") })
    .from(journeyRuns)
    .where(and(eq(journeyRuns.journeyId, journeyId), eq(journeyRuns.status, "active")))
    .groupBy(journeyRuns.versionId)
    .as("active");
  return db
    .select({
      id: journeyVersions.id,
      version: journeyVersions.version,
      publishedAt: journeyVersions.publishedAt,
      activeRuns: sql<number>`coalesce(${active.count}, 0)`,
    })
    .from(journeyVersions)
    .leftJoin(active, eq(active.versionId, journeyVersions.id))
    .where(eq(journeyVersions.journeyId, journeyId))
    .orderBy(desc(journeyVersions.version));
}
