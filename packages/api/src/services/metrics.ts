// Journey metrics: a snapshot, and a live stream shared through the process's hub.
import type { Db } from "@mailstream/db/client";
import { findJourneyById } from "@mailstream/db/queries/journeys";
import { findJourneyMetrics, type JourneyMetrics } from "@mailstream/db/queries/metrics";
import { TRPCError } from "@trpc/server";
import type { LiveMetricsHub } from "../metrics/live-hub";

async function assertJourney(db: Db, workspaceId: string, journeyId: string) {
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey)
    throw new TRPCError({ code: "NOT_FOUND", message: `Journey ${journeyId} does not exist in this workspace.` });
  return journey;
}

export async function getJourneyMetrics(db: Db, workspaceId: string, journeyId: string) {
  await assertJourney(db, workspaceId, journeyId);
  return findJourneyMetrics(db, journeyId);
}

/** Checks access before the stream opens, so a bad journey id fails the subscription up front. */
export async function openJourneyMetricsStream(
  db: Db,
  hub: LiveMetricsHub,
  workspaceId: string,
  journeyId: string,
  signal?: AbortSignal,
): Promise<AsyncIterable<JourneyMetrics>> {
  await assertJourney(db, workspaceId, journeyId);
  return hub.subscribe(journeyId, signal);
}
