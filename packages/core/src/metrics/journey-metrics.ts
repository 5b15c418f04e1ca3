// Journey metrics and the workspace overview: snapshots, and live streams shared through
// the process's hub (aggregate once per filter, fan out to every open page).
import type { Db } from "@mailstream/db/client";
import { findJourneyById, findJourneyVersionById, findJourneyVersions } from "@mailstream/db/queries/journeys";
import { findJourneyMetrics } from "@mailstream/db/queries/metrics";
import { findJourneyReach, type JourneyReach } from "@mailstream/db/queries/metrics-reach";
import { findWorkspaceOverview, type WorkspaceOverview } from "@mailstream/db/queries/metrics-overview";
import { AppError, AppErrorCode } from "../errors/app-error";
import type { LiveMetricsHub } from "./live-hub";
import {
  dashboardKey,
  filterWindow,
  loadJourneyDashboard,
  type DashboardFilter,
  type JourneyDashboard,
  type LivePayload,
} from "./live-payload";

export async function assertJourney(db: Db, workspaceId: string, journeyId: string) {
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw new AppError(AppErrorCode.NOT_FOUND, `Journey ${journeyId} does not exist in this workspace.`);
  return journey;
}

export async function getJourneyMetrics(db: Db, workspaceId: string, filter: DashboardFilter) {
  await assertJourney(db, workspaceId, filter.journeyId);
  return findJourneyMetrics(db, { journeyId: filter.journeyId, versionId: filter.versionId, ...filterWindow(filter) });
}

/** Unique contacts beside entries and sends (not live: a distinct count is read from the rows). */
export async function getJourneyReach(db: Db, workspaceId: string, filter: DashboardFilter): Promise<JourneyReach> {
  await assertJourney(db, workspaceId, filter.journeyId);
  return findJourneyReach(db, { journeyId: filter.journeyId, versionId: filter.versionId, ...filterWindow(filter) });
}

export async function getJourneyDashboard(
  db: Db,
  workspaceId: string,
  filter: DashboardFilter,
): Promise<JourneyDashboard> {
  await assertJourney(db, workspaceId, filter.journeyId);
  return loadJourneyDashboard(db, filter);
}

/** Checks access before the stream opens, so a bad journey id fails the subscription up front. */
export async function openJourneyDashboardStream(
  db: Db,
  hub: LiveMetricsHub<LivePayload>,
  workspaceId: string,
  filter: DashboardFilter,
  signal?: AbortSignal,
): Promise<AsyncIterable<JourneyDashboard>> {
  await assertJourney(db, workspaceId, filter.journeyId);
  // The key's prefix decides the payload's shape (live-payload.ts), so this narrowing holds.
  return hub.subscribe(dashboardKey(filter), signal) as AsyncIterable<JourneyDashboard>;
}

export function getWorkspaceOverview(db: Db, workspaceId: string): Promise<WorkspaceOverview> {
  return findWorkspaceOverview(db, workspaceId);
}

export function openWorkspaceOverviewStream(
  hub: LiveMetricsHub<LivePayload>,
  workspaceId: string,
  signal?: AbortSignal,
): AsyncIterable<WorkspaceOverview> {
  return hub.subscribe(`overview:${workspaceId}`, signal) as AsyncIterable<WorkspaceOverview>;
}

/** Published versions for the version filter, newest first. */
export async function listMetricsVersions(db: Db, workspaceId: string, journeyId: string) {
  await assertJourney(db, workspaceId, journeyId);
  return findJourneyVersions(db, journeyId);
}

/** The graph as drawn in one published version (what the metrics canvas shows under a version filter). */
export async function getVersionGraph(db: Db, workspaceId: string, journeyId: string, versionId: string) {
  await assertJourney(db, workspaceId, journeyId);
  const version = await findJourneyVersionById(db, versionId);
  if (!version || version.journeyId !== journeyId)
    throw new AppError(AppErrorCode.NOT_FOUND, `Version ${versionId} does not belong to journey ${journeyId}.`);
  return { id: version.id, version: version.version, graph: version.graph };
}
