// Journey metrics derived from the run log: runs entered/active/completed from
// `journey_runs`, runs that reached each node from `run_steps`, emails sent from `messages`.
// One statement per call, because the live metrics hub runs it every second per journey.
import { sql } from "drizzle-orm";
import type { Db } from "../client";

export interface JourneyMetrics {
  entered: number;
  active: number;
  completed: number;
  exited: number;
  failed: number;
  emailsSent: number;
  /** Runs that reached each node, keyed by node id. */
  nodeCounts: Record<string, number>;
  /** Emails sent from each email node, keyed by node id. */
  sentByNode: Record<string, number>;
}

interface MetricsRow extends Record<string, unknown> {
  entered: number;
  active: number;
  completed: number;
  exited: number;
  failed: number;
  emails_sent: number;
  node_counts: Record<string, number> | null;
  sent_by_node: Record<string, number> | null;
}

export async function findJourneyMetrics(db: Db, journeyId: string): Promise<JourneyMetrics> {
  const result = await db.execute<MetricsRow>(sql`
    with runs as (
      select count(*)::int as entered,
             count(*) filter (where status = 'active')::int as active,
             count(*) filter (where status = 'completed')::int as completed,
             count(*) filter (where status = 'exited')::int as exited,
             count(*) filter (where status = 'failed')::int as failed
      from journey_runs where journey_id = ${journeyId}
    ),
    nodes as (
      select json_object_agg(node_id, n) as node_counts
      from (select node_id, count(distinct run_id)::int as n from run_steps
            where journey_id = ${journeyId} group by node_id) s
    ),
    sent as (
      select coalesce(sum(n), 0)::int as emails_sent,
             json_object_agg(node_id, n) filter (where node_id is not null) as sent_by_node
      from (select node_id, count(*)::int as n from messages
            where journey_id = ${journeyId} and status = 'sent' group by node_id) m
    )
    select * from runs, nodes, sent
  `);
  const row = result.rows[0];
  if (!row) throw new Error("journey metrics query returned no row");
  return {
    entered: row.entered,
    active: row.active,
    completed: row.completed,
    exited: row.exited,
    failed: row.failed,
    emailsSent: row.emails_sent,
    nodeCounts: row.node_counts ?? {},
    sentByNode: row.sent_by_node ?? {},
  };
}
