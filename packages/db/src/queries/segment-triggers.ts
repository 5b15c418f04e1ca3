// Journeys that depend on segments: those a segment entry starts (trigger `source: segment`)
// and every journey whose published plan or draft mentions a segment (guards deletion).
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { journeys } from "../schema/journeys";
import { journeyVersions } from "../schema/journey-versions";
import { findLiveOrPausedJourneys, type TriggerableJourney } from "./journeys-live";

/** Paused journeys are returned so the run start path can record the skipped entry. */
export type SegmentTriggeredJourney = TriggerableJourney;

/** Live (and paused) journeys whose plan starts when a contact enters one of these segments. */
export async function findSegmentTriggeredJourneys(
  db: Db | Tx,
  workspaceId: string,
  segmentIds: readonly string[],
): Promise<SegmentTriggeredJourney[]> {
  if (segmentIds.length === 0) return [];
  return findLiveOrPausedJourneys(
    db,
    eq(journeys.workspaceId, workspaceId),
    sql`${journeyVersions.plan}->'trigger'->>'source' = 'segment'`,
    inArray(sql<string>`${journeyVersions.plan}->'trigger'->>'segmentId'`, [...segmentIds]),
  );
}

/** Names of non-archived journeys whose live plan or draft refers to the segment (trigger or branch). */
export async function findJourneysUsingSegment(db: Db | Tx, workspaceId: string, segmentId: string): Promise<string[]> {
  // The id is a UUID, so a text search of the JSON cannot match anything but a reference to it.
  const needle = `%"${segmentId}"%`;
  const rows = await db
    .select({ name: journeys.name })
    .from(journeys)
    .leftJoin(journeyVersions, eq(journeyVersions.id, journeys.liveVersionId))
    .where(
      and(
        eq(journeys.workspaceId, workspaceId),
        sql`${journeys.status} <> 'archived'`,
        or(sql`${journeys.draft}::text like ${needle}`, sql`${journeyVersions.plan}::text like ${needle}`),
      ),
    );
  return rows.map((row) => row.name);
}
