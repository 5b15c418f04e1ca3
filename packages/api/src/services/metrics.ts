// Journey metrics: a snapshot, and a live stream shared through the process's hub.
import type { Db } from "@mailstream/db/client";
import { findJourneyById } from "@mailstream/db/queries/journeys";
import { findJourneyMetrics } from "@mailstream/db/queries/metrics";
import { TRPCError } from "@trpc/server";
import type { LiveMetricsHub } from "../metrics/live-hub";

async function assertJourney(db: Db, workspaceId: string, journeyId: string) {
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw new TRPCError({ code: "NOT_FOUND", message: `Journey ${journeyId} does not exist in this workspace.` });
  return journey;
}

export async function getJourneyMetrics(db: Db, workspaceId: string, journeyId: string) {
  await assertJourney(db, workspaceId, journeyId);
  return findJourneyMetrics(db, journeyId);
}

/** Checks access once, then streams from the shared poller until the client goes away. */
export async function* streamJourneyMetrics(
  db: Db,
  hub: LiveMetricsHub,
  workspaceId: string,
  journeyId: string,
  signal?: AbortSignal,
) {
  await assertJourney(db, workspaceId, journeyId);
  yield* hub.subscribe(journeyId, signal);
}
