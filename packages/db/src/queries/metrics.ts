// Journey flow metrics read from the rollups (`journey_step_rollups`, `email_rollups`, through
// the coarsest tier that covers the range: metrics-tiers.ts) plus the live "waiting now" count
// from active runs. One round trip per call: the live metrics hub runs it every second per
// open filter.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { tieredRollups } from "./metrics-tiers";

export interface JourneyMetricsFilter {
  journeyId: string;
  /** Only runs pinned to this version; null = all versions. */
  versionId?: string | null;
  /** Inclusive lower bound (minute resolution); null = all time. */
  from?: Date | null;
  to?: Date | null;
}

/**
 * The one definition of an **entry**: a run started, as the `run_started` step rollup counts
 * it (one per journey_runs row ever inserted, kept after a contact's erasure deletes the row).
 * The metrics page, the journeys list and the overview all read it from here.
 */
export const ENTRY_METRIC = "run_started";
/**
 * The one definition of a **send**: a message handed to the transport — its `sent` message
 * event, rolled up in `email_rollups`. A skipped or suppressed email step is not a send.
 */
export const SEND_METRIC = "sent";

/** Runs started in a journey over a range (all time without one), as one scalar subquery. */
export function journeyEntriesSql(journeyId: SQL, range: { from?: Date | null; to?: Date | null } = {}): SQL {
  const rows = tieredRollups(
    "journey_step_rollups",
    sql`n`,
    sql`journey_id = ${journeyId} and node_id = '' and metric = ${ENTRY_METRIC}`,
    range,
    "day",
  );
  return sql`(select coalesce(sum(n), 0) from ${rows} entries)`;
}

export interface JourneyMetrics {
  /** Runs started (ENTRY_METRIC). */
  entered: number;
  active: number;
  completed: number;
  exited: number;
  failed: number;
  converted: number;
  emailsSent: number;
  /** Runs that entered each node, keyed by node id. */
  nodeCounts: Record<string, number>;
  /** Runs at each node right now (active runs' current node). */
  waitingByNode: Record<string, number>;
  /** Steps per node and outcome (the outlet taken): node id → outcome → count. */
  outcomesByNode: Record<string, Record<string, number>>;
  /** Transitions per edge, keyed `<source>:<outcome>><target>`. */
  edgeCounts: Record<string, number>;
  /** Sends (SEND_METRIC) from each email node, keyed by node id; `emailsSent` is their sum. */
  sentByNode: Record<string, number>;
}

/** Journey and version predicates of a rollup read (bucket bounds come from the tier plan). */
export function rollupScope(filter: Pick<JourneyMetricsFilter, "journeyId" | "versionId">): SQL {
  const parts: SQL[] = [sql`journey_id = ${filter.journeyId}`];
  if (filter.versionId) parts.push(sql`version_id = ${filter.versionId}`);
  return sql.join(parts, sql` and `);
}

interface FlowRow extends Record<string, unknown> {
  source: "step" | "email" | "waiting";
  node_id: string;
  metric: string;
  key: string;
  n: string;
}

/** The flow query, exported so bench:metrics can EXPLAIN exactly what the page runs. */
export function journeyFlowQuery(f: JourneyMetricsFilter): SQL {
  const scope = rollupScope(f);
  const activeWhere = f.versionId ? sql` and version_id = ${f.versionId}` : sql``;
  const steps = tieredRollups("journey_step_rollups", sql`node_id, metric, key, n`, scope, f, "day");
  const sent = tieredRollups(
    "email_rollups",
    sql`node_id, metric, n`,
    sql`${scope} and metric = ${SEND_METRIC}`,
    f,
    "day",
  );
  return sql`
    select 'step' as source, node_id, metric, key, sum(n)::text as n
      from ${steps} r group by node_id, metric, key
    union all
    select 'email', node_id, metric, '', sum(n)::text
      from ${sent} e group by node_id, metric
    union all
    select 'waiting', coalesce(current_node_id, ''), 'waiting', '', count(*)::text
      from journey_runs where journey_id = ${f.journeyId} and status = 'active'${activeWhere}
      group by current_node_id
  `;
}

export async function findJourneyMetrics(db: Db, filter: JourneyMetricsFilter | string): Promise<JourneyMetrics> {
  const f: JourneyMetricsFilter = typeof filter === "string" ? { journeyId: filter } : filter;
  const result = await db.execute<FlowRow>(journeyFlowQuery(f));
  const metrics: JourneyMetrics = {
    entered: 0,
    active: 0,
    completed: 0,
    exited: 0,
    failed: 0,
    converted: 0,
    emailsSent: 0,
    nodeCounts: {},
    waitingByNode: {},
    outcomesByNode: {},
    edgeCounts: {},
    sentByNode: {},
  };
  for (const row of result.rows) {
    const n = Number(row.n);
    if (row.source === "waiting") {
      metrics.active += n;
      if (row.node_id) metrics.waitingByNode[row.node_id] = n;
    } else if (row.source === "email") {
      metrics.emailsSent += n;
      metrics.sentByNode[row.node_id] = n;
    } else if (row.metric === ENTRY_METRIC) metrics.entered += n;
    else if (row.metric === "run_converted") metrics.converted += n;
    else if (row.metric === "run_ended") {
      if (row.key === "completed") metrics.completed += n;
      else if (row.key === "exited") metrics.exited += n;
      else if (row.key === "failed") metrics.failed += n;
    } else if (row.metric === "entered") metrics.nodeCounts[row.node_id] = n;
    else if (row.metric === "outcome") {
      const outcomes = (metrics.outcomesByNode[row.node_id] ??= {});
      outcomes[row.key] = n;
    } else if (row.metric === "edge") metrics.edgeCounts[`${row.node_id}:${row.key}`] = n;
  }
  return metrics;
}
