// Workspace overview: ingest rate, active runs, email throughput and delivery health, and
// journeys ranked by conversions. Email numbers come from `workspace_rollups`; events/s
// reads only the newest slice of `events` (bounded by its sequence) so it stays cheap; the
// journey ranking reads the step rollups' coarsest tiers (metrics-tiers.ts).
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { journeyEntriesSql, SEND_METRIC } from "./metrics";
import { tieredRollups } from "./metrics-tiers";

export interface WorkspaceOverview {
  /** Events received per second over the last minute. */
  eventsPerSecond: number;
  activeRuns: number;
  /** Emails sent per minute over the last 15 minutes. */
  emailsPerMinute: number;
  /** Over the window: unique sends and the unique delivered/bounced/complained among them. */
  window: { sent: number; delivered: number; bounced: number; complained: number; hours: number };
  /** The window's delivered/bounced/complained over its unique sends (0 when nothing was sent). */
  rates: { delivery: number; bounce: number; complaint: number };
  journeys: { journeyId: string; name: string; status: string; entered: number; converted: number }[];
}

interface OverviewRow extends Record<string, unknown> {
  events_last_minute: string;
  active_runs: string;
  sent_15m: string;
  sent: string;
  delivered: string;
  bounced: string;
  complained: string;
}

interface JourneyRow extends Record<string, unknown> {
  journey_id: string;
  name: string;
  status: string;
  entered: string;
  converted: string;
}

export async function findWorkspaceOverview(db: Db, workspaceId: string, hours = 24): Promise<WorkspaceOverview> {
  const since = sql`now() - make_interval(hours => ${hours})`;
  const result = await db.execute<OverviewRow>(sql`
    select
      (select count(*) from events
        where seq > (select coalesce(max(seq), 0) - 100000 from events)
          and workspace_id = ${workspaceId} and received_at >= now() - interval '60 seconds')::text as events_last_minute,
      (select count(*) from journey_runs r join journeys j on j.id = r.journey_id
        where j.workspace_id = ${workspaceId} and r.status = 'active')::text as active_runs,
      (select coalesce(sum(n), 0) from workspace_rollups where workspace_id = ${workspaceId}
        and key = '' and metric = ${SEND_METRIC} and bucket >= now() - interval '15 minutes')::text as sent_15m,
      coalesce(sum(n) filter (where metric = 'sent_unique'), 0)::text as sent,
      coalesce(sum(n) filter (where metric = 'delivered_unique'), 0)::text as delivered,
      coalesce(sum(n) filter (where metric = 'bounced_unique'), 0)::text as bounced,
      coalesce(sum(n) filter (where metric = 'complained_unique'), 0)::text as complained
    from workspace_rollups
    where workspace_id = ${workspaceId} and key = '' and bucket >= date_trunc('minute', ${since})
  `);
  const from = new Date(Date.now() - hours * 3_600_000);
  const conversions = tieredRollups(
    "journey_step_rollups",
    sql`n`,
    sql`journey_id = j.id and node_id = '' and metric = 'run_converted'`,
    { from },
    "day",
  );
  // Entries by the one definition the journeys list and the metrics page use (metrics.ts).
  const journeys = await db.execute<JourneyRow>(sql`
    select j.id as journey_id, j.name, j.status::text as status,
           coalesce(r.entered, 0)::text as entered, coalesce(r.converted, 0)::text as converted
    from journeys j
    left join lateral (
      select ${journeyEntriesSql(sql`j.id`, { from })} as entered,
             (select sum(n) from ${conversions} t) as converted
    ) r on true
    where j.workspace_id = ${workspaceId}
    -- by the numbers, not their text (where '9' sorts above '10')
    order by coalesce(r.converted, 0) desc, coalesce(r.entered, 0) desc, j.name limit 20
  `);
  const row = result.rows[0];
  if (!row) throw new Error("overview query returned no row");
  const sent = Number(row.sent);
  const rate = (n: string) => (sent === 0 ? 0 : Number(n) / sent);
  return {
    eventsPerSecond: Number(row.events_last_minute) / 60,
    activeRuns: Number(row.active_runs),
    emailsPerMinute: Number(row.sent_15m) / 15,
    window: {
      sent: Number(row.sent),
      delivered: Number(row.delivered),
      bounced: Number(row.bounced),
      complained: Number(row.complained),
      hours,
    },
    rates: { delivery: rate(row.delivered), bounce: rate(row.bounced), complaint: rate(row.complained) },
    journeys: journeys.rows.map((j) => ({
      journeyId: j.journey_id,
      name: j.name,
      status: j.status,
      entered: Number(j.entered),
      converted: Number(j.converted),
    })),
  };
}
