// Email engagement per journey email node and template, and its time series, from
// `email_rollups` and its hour/day tiers (metrics-tiers.ts). Rates are left to the caller
// (they divide by unique sends).
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { rollupScope, type JourneyMetricsFilter } from "./metrics";
import { tieredRollups } from "./metrics-tiers";

/** Counter names the email table shows, in column order. */
export const EMAIL_COUNTERS = [
  "sent",
  "delivered",
  "opened_unique",
  "opened",
  "clicked_unique",
  "clicked",
  "bounced_unique",
  "complained_unique",
  "unsubscribed_unique",
  "converted",
] as const;
export type EmailCounter = (typeof EMAIL_COUNTERS)[number];
export type EmailCounts = Record<EmailCounter, number>;

export interface EmailNodeMetrics {
  nodeId: string;
  templateId: string | null;
  counts: EmailCounts;
  /** Per link: total and unique clicks. */
  links: { url: string; clicks: number; uniqueClicks: number }[];
}

export type SeriesGrain = "minute" | "hour" | "day";
/** One chart bucket; `opened`/`clicked` are unique (first per message), `*Total` every event. */
export interface SeriesPoint {
  at: string;
  sent: number;
  delivered: number;
  opened: number;
  openedTotal: number;
  clicked: number;
  clickedTotal: number;
  bounced: number;
  complained: number;
  unsubscribed: number;
  converted: number;
}

/** Rollup metric → chart field. */
const SERIES_FIELDS: Record<string, keyof Omit<SeriesPoint, "at">> = {
  sent: "sent",
  delivered: "delivered",
  opened_unique: "opened",
  opened: "openedTotal",
  clicked_unique: "clicked",
  clicked: "clickedTotal",
  bounced_unique: "bounced",
  complained_unique: "complained",
  unsubscribed_unique: "unsubscribed",
  converted: "converted",
};

export function emptySeriesPoint(at: string): SeriesPoint {
  return {
    at,
    sent: 0,
    delivered: 0,
    opened: 0,
    openedTotal: 0,
    clicked: 0,
    clickedTotal: 0,
    bounced: 0,
    complained: 0,
    unsubscribed: 0,
    converted: 0,
  };
}

/** Folds (bucket, metric, n) rows into chart points, in bucket order. */
export function toSeriesPoints(rows: readonly { at: string; metric: string; n: string }[]): SeriesPoint[] {
  const points = new Map<string, SeriesPoint>();
  for (const row of rows) {
    const field = SERIES_FIELDS[row.metric];
    if (!field) continue;
    let point = points.get(row.at);
    if (!point) {
      point = emptySeriesPoint(row.at);
      points.set(row.at, point);
    }
    point[field] += Number(row.n);
  }
  return [...points.values()];
}

/** The rollup metrics the chart reads (SQL list). */
export const SERIES_METRICS = sql.join(
  Object.keys(SERIES_FIELDS).map((m) => sql`${m}`),
  sql`, `,
);

const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

export function emptyEmailCounts(): EmailCounts {
  return Object.fromEntries(EMAIL_COUNTERS.map((c) => [c, 0])) as EmailCounts;
}

interface EmailRow extends Record<string, unknown> {
  node_id: string;
  template_id: string;
  metric: string;
  key: string;
  n: string;
}

/** The email table's query (coarsest tiers for the range), exported for bench:metrics' EXPLAIN. */
export function emailMetricsQuery(filter: JourneyMetricsFilter): SQL {
  const rows = tieredRollups(
    "email_rollups",
    sql`node_id, template_id, metric, key, n`,
    rollupScope(filter),
    filter,
    "day",
  );
  return sql`
    select node_id, template_id, metric, key, sum(n)::text as n
    from ${rows} e
    group by node_id, template_id, metric, key
  `;
}

export async function findEmailMetrics(db: Db, filter: JourneyMetricsFilter): Promise<EmailNodeMetrics[]> {
  const result = await db.execute<EmailRow>(emailMetricsQuery(filter));
  const byNode = new Map<string, EmailNodeMetrics>();
  const links = new Map<string, { url: string; clicks: number; uniqueClicks: number }>();
  for (const row of result.rows) {
    const id = `${row.node_id}\u0000${row.template_id}`;
    let entry = byNode.get(id);
    if (!entry) {
      entry = {
        nodeId: row.node_id,
        templateId: row.template_id === ZERO_UUID ? null : row.template_id,
        counts: emptyEmailCounts(),
        links: [],
      };
      byNode.set(id, entry);
    }
    const n = Number(row.n);
    if (row.metric === "link_clicked" || row.metric === "link_clicked_unique") {
      const linkId = `${id}\u0000${row.key}`;
      let link = links.get(linkId);
      if (!link) {
        link = { url: row.key, clicks: 0, uniqueClicks: 0 };
        links.set(linkId, link);
        entry.links.push(link);
      }
      if (row.metric === "link_clicked") link.clicks += n;
      else link.uniqueClicks += n;
    } else if ((EMAIL_COUNTERS as readonly string[]).includes(row.metric)) {
      entry.counts[row.metric as EmailCounter] += n;
    }
  }
  for (const entry of byNode.values()) entry.links.sort((a, b) => b.uniqueClicks - a.uniqueClicks);
  return [...byNode.values()].sort((a, b) => a.nodeId.localeCompare(b.nodeId));
}

interface SeriesRow extends Record<string, unknown> {
  at: string;
  metric: string;
  n: string;
}

export type EmailSeriesFilter = JourneyMetricsFilter & { grain: SeriesGrain; nodeId?: string | null };

/**
 * The chart's query: tiers no coarser than the grain (a day chart reads days, an hour chart
 * hours, a minute chart minutes), buckets in UTC as the tiers are. Exported for the bench.
 */
export function emailSeriesQuery(filter: EmailSeriesFilter): SQL {
  const nodeWhere = filter.nodeId ? sql` and node_id = ${filter.nodeId}` : sql``;
  const where = sql`${rollupScope(filter)}${nodeWhere} and metric in (${SERIES_METRICS})`;
  const rows = tieredRollups("email_rollups", sql`bucket, metric, n`, where, filter, filter.grain);
  // Grouped by the bucket itself, formatted once per output row (not once per rollup row).
  return sql`
    select to_char(b at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at, metric, n
    from (
      select date_trunc(${filter.grain}, bucket, 'UTC') as b, metric, sum(n)::text as n
      from ${rows} e group by 1, 2
    ) s
    order by b
  `;
}

/** Totals per time bucket for the chart; `nodeId` narrows to one email node. */
export async function findEmailSeries(db: Db, filter: EmailSeriesFilter): Promise<SeriesPoint[]> {
  const result = await db.execute<SeriesRow>(emailSeriesQuery(filter));
  return toSeriesPoints(result.rows);
}
