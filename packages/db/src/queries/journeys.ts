// Journeys and their published versions: listing with run counts, the editable draft,
// and publishing a compiled plan as a new immutable version.
import type { JourneyGraph } from "@mailstream/journey/schema";
import type { Plan } from "@mailstream/journey/plan";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { journeyRuns, journeys, journeyVersions } from "../schema/index";

/** Channel the dispatcher LISTENs on to reload live plans; payload is the journey id. */
export const JOURNEYS_CHANNEL = "mailstream_journeys";

export type JourneyRow = typeof journeys.$inferSelect;
export type JourneyVersionRow = typeof journeyVersions.$inferSelect;

export interface JourneySummary {
  id: string;
  name: string;
  status: JourneyRow["status"];
  liveVersion: number | null;
  runsEntered: number;
  runsActive: number;
  updatedAt: Date;
}

export async function findJourneySummaries(db: Db, workspaceId: string): Promise<JourneySummary[]> {
  const runs = db
    .select({
      journeyId: journeyRuns.journeyId,
      entered: sql<number>`count(*)::int`.as("entered"),
      active: sql<number>`count(*) filter (where ${journeyRuns.status} = 'active')::int`.as("active"),
    })
    .from(journeyRuns)
    .where(eq(journeyRuns.workspaceId, workspaceId))
    .groupBy(journeyRuns.journeyId)
    .as("runs");
  const rows = await db
    .select({
      id: journeys.id,
      name: journeys.name,
      status: journeys.status,
      liveVersion: journeyVersions.version,
      runsEntered: sql<number>`coalesce(${runs.entered}, 0)`,
      runsActive: sql<number>`coalesce(${runs.active}, 0)`,
      updatedAt: journeys.updatedAt,
    })
    .from(journeys)
    .leftJoin(journeyVersions, eq(journeyVersions.id, journeys.liveVersionId))
    .leftJoin(runs, eq(runs.journeyId, journeys.id))
    .where(eq(journeys.workspaceId, workspaceId))
    .orderBy(desc(journeys.updatedAt));
  return rows;
}

export async function findJourneyById(db: Db, workspaceId: string, journeyId: string): Promise<JourneyRow | null> {
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
  db: Db,
  input: { workspaceId: string; name: string; draft: JourneyGraph },
): Promise<JourneyRow> {
  const [row] = await db.insert(journeys).values(input).returning();
  if (!row) throw new Error("insert into journeys returned no row");
  return row;
}

export async function updateJourneyDraft(
  db: Db,
  workspaceId: string,
  journeyId: string,
  draft: JourneyGraph,
): Promise<JourneyRow | null> {
  const [row] = await db
    .update(journeys)
    .set({ draft, updatedAt: new Date() })
    .where(and(eq(journeys.workspaceId, workspaceId), eq(journeys.id, journeyId)))
    .returning();
  return row ?? null;
}

export async function renameJourney(
  db: Db,
  workspaceId: string,
  journeyId: string,
  name: string,
): Promise<JourneyRow | null> {
  const [row] = await db
    .update(journeys)
    .set({ name, updatedAt: new Date() })
    .where(and(eq(journeys.workspaceId, workspaceId), eq(journeys.id, journeyId)))
    .returning();
  return row ?? null;
}

/**
 * Stores `graph`/`plan` as the next version and makes it live, atomically. The journey row
 * is locked so two concurrent publishes get versions n and n+1, never a unique violation.
 * The NOTIFY is transactional: the dispatcher hears it only once the version is committed.
 */
export async function insertPublishedVersion(
  db: Db,
  input: { workspaceId: string; journeyId: string; graph: JourneyGraph; plan: Plan },
): Promise<JourneyVersionRow | null> {
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ id: journeys.id })
      .from(journeys)
      .where(and(eq(journeys.workspaceId, input.workspaceId), eq(journeys.id, input.journeyId)))
      .for("update");
    if (!locked) return null;
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
      .set({ draft: input.graph, liveVersionId: version.id, status: "live", updatedAt: now })
      .where(eq(journeys.id, input.journeyId));
    await tx.execute(sql`select pg_notify(${JOURNEYS_CHANNEL}, ${input.journeyId})`);
    return version;
  });
}
