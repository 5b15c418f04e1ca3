// Email engagement of one template across every journey that sends it, from `email_rollups`
// and its hour/day tiers through their `*_template_idx` (workspace, template, bucket): per journey counts,
// links, and the chart series. Rates are left to the caller, as in metrics-email.ts.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import {
  EMAIL_COUNTERS,
  emptyEmailCounts,
  SERIES_METRICS,
  toSeriesPoints,
  type EmailCounter,
  type EmailCounts,
  type SeriesGrain,
  type SeriesPoint,
} from "./metrics-email";
import { tieredRollups, type RollupTier } from "./metrics-tiers";

export interface TemplateMetricsFilter {
  workspaceId: string;
  templateId: string;
  /** Inclusive lower bound (minute resolution); null = all time. */
  from?: Date | null;
  /** Exclusive upper bound; null = now. */
  to?: Date | null;
}

export interface TemplateJourneyMetrics {
  journeyId: string;
  journeyName: string;
  counts: EmailCounts;
}

export interface TemplateEmailMetrics {
  journeys: TemplateJourneyMetrics[];
  links: { url: string; clicks: number; uniqueClicks: number }[];
}

/** The template's rollup rows for the range, through the coarsest tiers (metrics-tiers.ts). */
function templateRows(filter: TemplateMetricsFilter, columns: SQL, extra: SQL, coarsest: RollupTier): SQL {
  const where = sql`workspace_id = ${filter.workspaceId} and template_id = ${filter.templateId}${extra}`;
  return tieredRollups("email_rollups", columns, where, filter, coarsest);
}

interface Row extends Record<string, unknown> {
  journey_id: string;
  journey_name: string | null;
  metric: string;
  key: string;
  n: string;
}

export async function findTemplateEmailMetrics(db: Db, filter: TemplateMetricsFilter): Promise<TemplateEmailMetrics> {
  const result = await db.execute<Row>(sql`
    select r.journey_id, j.name as journey_name, r.metric, r.key, sum(r.n)::text as n
    from ${templateRows(filter, sql`journey_id, metric, key, n`, sql``, "day")} r left join journeys j on j.id = r.journey_id
    group by r.journey_id, j.name, r.metric, r.key
  `);
  const journeys = new Map<string, TemplateJourneyMetrics>();
  const links = new Map<string, { url: string; clicks: number; uniqueClicks: number }>();
  for (const row of result.rows) {
    const n = Number(row.n);
    if (row.metric === "link_clicked" || row.metric === "link_clicked_unique") {
      // Links add up across journeys: the template's link is the same link wherever it is sent.
      const link = links.get(row.key) ?? { url: row.key, clicks: 0, uniqueClicks: 0 };
      links.set(row.key, link);
      if (row.metric === "link_clicked") link.clicks += n;
      else link.uniqueClicks += n;
      continue;
    }
    if (!(EMAIL_COUNTERS as readonly string[]).includes(row.metric)) continue;
    let entry = journeys.get(row.journey_id);
    if (!entry) {
      entry = {
        journeyId: row.journey_id,
        journeyName: row.journey_name ?? "Deleted journey",
        counts: emptyEmailCounts(),
      };
      journeys.set(row.journey_id, entry);
    }
    entry.counts[row.metric as EmailCounter] += n;
  }
  return {
    journeys: [...journeys.values()].sort(
      (a, b) => b.counts.sent - a.counts.sent || a.journeyName.localeCompare(b.journeyName),
    ),
    links: [...links.values()].sort((a, b) => b.uniqueClicks - a.uniqueClicks),
  };
}

export async function findTemplateEmailSeries(
  db: Db,
  filter: TemplateMetricsFilter & { grain: SeriesGrain },
): Promise<SeriesPoint[]> {
  const result = await db.execute<{ at: string; metric: string; n: string }>(sql`
    select to_char(date_trunc(${filter.grain}, r.bucket, 'UTC') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at,
           r.metric, sum(r.n)::text as n
    from ${templateRows(filter, sql`bucket, metric, n`, sql` and metric in (${SERIES_METRICS})`, filter.grain)} r
    group by 1, 2 order by 1
  `);
  return toSeriesPoints(result.rows);
}
