// Split-node experiment arms: how many runs each variant (and the hold-out) got, how many
// converted on the journey goal, and the guardrail counts of the emails sent after the split.
// Computed on read (not rolled up) because the hold-out's conversions happen after its run
// ended: a conversion is the goal event by the contact within the goal window after the
// split, the same definition for every arm so the lift is fair.
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { experimentWinners } from "../schema/index";
import type { JourneyMetricsFilter } from "./metrics";

export interface ExperimentArmCounts {
  /** Variant id, or `holdout`. */
  arm: string;
  assigned: number;
  converted: number;
  /** Messages sent after the split (the guardrail rates' denominator). */
  sent: number;
  unsubscribed: number;
  complained: number;
  /** Contacts (runs) that got at least one email after the split, and of those, who opened / clicked one. */
  reached: number;
  opened: number;
  clicked: number;
}

const COUNT_COLUMNS = [
  "assigned",
  "converted",
  "sent",
  "unsubscribed",
  "complained",
  "reached",
  "opened",
  "clicked",
] as const;
type ArmRow = { arm: string } & Record<(typeof COUNT_COLUMNS)[number], string>;

export async function findExperimentArms(
  db: Db,
  input: JourneyMetricsFilter & { nodeId: string; goal: { event: string; windowMs: number } | null },
): Promise<ExperimentArmCounts[]> {
  const parts = [sql`s.journey_id = ${input.journeyId}`, sql`s.node_id = ${input.nodeId}`, sql`s.kind = 'split'`];
  if (input.from) parts.push(sql`s.at >= ${input.from.toISOString()}::timestamptz`);
  if (input.to) parts.push(sql`s.at < ${input.to.toISOString()}::timestamptz`);
  if (input.versionId) parts.push(sql`r.version_id = ${input.versionId}`);
  const goalEvent = input.goal?.event ?? null;
  const windowMs = input.goal?.windowMs ?? 0;
  const result = await db.execute<ArmRow & Record<string, unknown>>(sql`
    with arms as (
      select s.run_id, s.seq, s.at, s.outcome as arm, r.workspace_id, c.user_id
      from run_steps s
      join journey_runs r on r.id = s.run_id
      join contacts c on c.id = r.contact_id
      where ${sql.join(parts, sql` and `)}
    ),
    sends as (
      select a.arm, a.run_id, (e.detail->>'messageId')::uuid as message_id
      from arms a join run_steps e on e.run_id = a.run_id and e.seq > a.seq and e.kind = 'email' and e.outcome = 'sent'
    )
    select a.arm,
           count(*)::text as assigned,
           count(*) filter (where ${goalEvent}::text is not null and a.user_id is not null and exists (
             select 1 from events ev
             where ev.workspace_id = a.workspace_id and ev.user_id = a.user_id and ev.type = 'track'
               and ev.event = ${goalEvent}::text and ev.timestamp >= a.at
               and ev.timestamp < a.at + make_interval(secs => ${windowMs}::double precision / 1000)
           ))::text as converted,
           coalesce(max(g.sent), 0)::text as sent,
           coalesce(max(g.unsubscribed), 0)::text as unsubscribed,
           coalesce(max(g.complained), 0)::text as complained,
           coalesce(max(g.reached), 0)::text as reached,
           coalesce(max(g.opened), 0)::text as opened,
           coalesce(max(g.clicked), 0)::text as clicked
    from arms a
    left join (
      select sd.arm, count(*) as sent, count(distinct sd.run_id) as reached,
             count(distinct sd.run_id) filter (where exists (select 1 from message_event_firsts f
               where f.message_id = sd.message_id and f.type = 'opened' and f.key = '')) as opened,
             count(distinct sd.run_id) filter (where exists (select 1 from message_event_firsts f
               where f.message_id = sd.message_id and f.type = 'clicked' and f.key = '')) as clicked,
             count(*) filter (where exists (select 1 from message_event_firsts f
               where f.message_id = sd.message_id and f.type = 'unsubscribed' and f.key = '')) as unsubscribed,
             count(*) filter (where exists (select 1 from message_event_firsts f
               where f.message_id = sd.message_id and f.type = 'complained' and f.key = '')) as complained
      from sends sd group by sd.arm
    ) g on g.arm = a.arm
    group by a.arm order by a.arm
  `);
  return result.rows.map((row) => {
    const counts = { arm: row.arm } as ExperimentArmCounts;
    for (const column of COUNT_COLUMNS) counts[column] = Number(row[column]);
    return counts;
  });
}

export type ExperimentWinner = typeof experimentWinners.$inferSelect;

export async function findExperimentWinners(db: Db, journeyId: string): Promise<ExperimentWinner[]> {
  return db.select().from(experimentWinners).where(eq(experimentWinners.journeyId, journeyId));
}

/** The recorded winner of one split node, if any (the workflow's routing lookup: one indexed read). */
export async function findExperimentWinner(
  db: Db,
  journeyId: string,
  nodeId: string,
): Promise<ExperimentWinner | null> {
  const [row] = await db
    .select()
    .from(experimentWinners)
    .where(and(eq(experimentWinners.journeyId, journeyId), eq(experimentWinners.nodeId, nodeId)));
  return row ?? null;
}

/** Records a split's winner once; a second declaration returns the first (the decision is final). */
export async function insertExperimentWinnerOnce(
  db: Db | Tx,
  winner: Omit<typeof experimentWinners.$inferInsert, "id" | "declaredAt">,
): Promise<ExperimentWinner> {
  await db.insert(experimentWinners).values(winner).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(experimentWinners)
    .where(and(eq(experimentWinners.journeyId, winner.journeyId), eq(experimentWinners.nodeId, winner.nodeId)));
  if (!row) throw new Error("experiment winner insert returned no row");
  return row;
}

/** Live journeys whose live plan has a split with the automatic winner on (the checker's work list). */
export async function findAutoWinnerJourneys(
  db: Db,
): Promise<{ workspaceId: string; journeyId: string; versionId: string }[]> {
  const result = await db.execute<{ workspace_id: string; journey_id: string; version_id: string }>(sql`
    select j.workspace_id, j.id as journey_id, v.id as version_id
    from journeys j join journey_versions v on v.id = j.live_version_id
    where j.status = 'live'
      and jsonb_path_exists(v.plan, '$.steps.* ? (@.kind == "split" && @.autoWinner.enabled == true)')
  `);
  return result.rows.map((row) => ({
    workspaceId: row.workspace_id,
    journeyId: row.journey_id,
    versionId: row.version_id,
  }));
}
