// What the live hub polls, by key: `journey:<filter JSON>` → a journey dashboard (flow,
// email table, chart series), `overview:<workspaceId>` → the workspace overview. Keys carry
// the whole filter so pages looking at the same thing share one poller.
import type { Db } from "@mailstream/db/client";
import { findJourneyMetrics, type JourneyMetrics } from "@mailstream/db/queries/metrics";
import {
  findEmailMetrics,
  findEmailSeries,
  type EmailNodeMetrics,
  type SeriesGrain,
  type SeriesPoint,
} from "@mailstream/db/queries/metrics-email";
import { findWorkspaceOverview, type WorkspaceOverview } from "@mailstream/db/queries/metrics-overview";
import { z } from "zod";

export const METRICS_RANGES = ["15m", "1h", "24h", "7d", "30d", "all"] as const;
export type MetricsRange = (typeof METRICS_RANGES)[number];
const RANGE_MS: Record<MetricsRange, number | null> = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
  all: null,
};

export const ZDashboardFilterSchema = z.object({
  journeyId: z.uuid({ message: "journeyId must be a UUID" }),
  versionId: z.uuid({ message: "versionId must be a UUID" }).nullable().default(null),
  range: z.enum(METRICS_RANGES).default("all"),
  grain: z.enum(["minute", "hour", "day"]).default("hour"),
  /** A custom range: when set, these replace the preset `range` (from inclusive, to exclusive). */
  from: z.coerce.date({ message: "from must be a date" }).nullish(),
  to: z.coerce.date({ message: "to must be a date" }).nullish(),
});
export type DashboardFilter = z.infer<typeof ZDashboardFilterSchema>;

/** What the procedures accept: the filter, with a custom range that is not empty or reversed. */
export const ZDashboardInputSchema = ZDashboardFilterSchema.refine((f) => !f.from || !f.to || f.from < f.to, {
  message: "to must be later than from",
  path: ["to"],
});

/** The time window a filter means: the custom from/to when given, else the preset's start until now. */
export function filterWindow(
  filter: Pick<DashboardFilter, "range" | "from" | "to">,
  now = Date.now(),
): { from: Date | null; to: Date | null } {
  if (filter.from || filter.to) return { from: filter.from ?? null, to: filter.to ?? null };
  return { from: rangeStart(filter.range, now), to: null };
}

export interface JourneyDashboard {
  flow: JourneyMetrics;
  emails: EmailNodeMetrics[];
  series: SeriesPoint[];
  grain: SeriesGrain;
}

export type LivePayload = JourneyDashboard | WorkspaceOverview;

export function rangeStart(range: MetricsRange, now = Date.now()): Date | null {
  const ms = RANGE_MS[range];
  return ms === null ? null : new Date(now - ms);
}

export function dashboardKey(filter: DashboardFilter): string {
  return `journey:${JSON.stringify([filter.journeyId, filter.versionId, filter.range, filter.grain, filter.from?.toISOString() ?? null, filter.to?.toISOString() ?? null])}`;
}

export async function loadJourneyDashboard(db: Db, filter: DashboardFilter): Promise<JourneyDashboard> {
  const query = { journeyId: filter.journeyId, versionId: filter.versionId, ...filterWindow(filter) };
  const [flow, emails, series] = await Promise.all([
    findJourneyMetrics(db, query),
    findEmailMetrics(db, query),
    findEmailSeries(db, { ...query, grain: filter.grain }),
  ]);
  return { flow, emails, series, grain: filter.grain };
}

export async function loadLivePayload(db: Db, key: string): Promise<LivePayload> {
  if (key.startsWith("overview:")) return findWorkspaceOverview(db, key.slice("overview:".length));
  if (key.startsWith("journey:")) {
    const [journeyId, versionId, range, grain, from, to] = JSON.parse(key.slice("journey:".length)) as unknown[];
    return loadJourneyDashboard(db, ZDashboardFilterSchema.parse({ journeyId, versionId, range, grain, from, to }));
  }
  throw new Error(`live metrics: unknown key ${key}`);
}
