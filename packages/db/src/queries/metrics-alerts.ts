// Delivery-health alerts: bounce and complaint rates over a sliding window per journey
// (email_rollups) and per recipient domain (workspace_rollups), and the alert rows.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { journeys, metricAlerts, metricSettings } from "../schema/index";

export type MetricSettings = typeof metricSettings.$inferSelect;
export type MetricAlert = typeof metricAlerts.$inferSelect;
/** An alert as listed: with its journey's name (null for a recipient-domain alert or a deleted journey). */
export type MetricAlertView = MetricAlert & { journeyName: string | null };

const DEFAULTS: Omit<MetricSettings, "workspaceId"> = {
  attributionWindowHours: 72,
  bounceRateThreshold: 0.05,
  complaintRateThreshold: 0.003,
  alertWindowMinutes: 60,
  alertMinSends: 50,
  isAutoPauseEnabled: false,
};

export async function findMetricSettings(db: Db | Tx, workspaceId: string): Promise<MetricSettings> {
  const [row] = await db.select().from(metricSettings).where(eq(metricSettings.workspaceId, workspaceId));
  return row ?? { workspaceId, ...DEFAULTS };
}

export async function upsertMetricSettings(
  db: Db | Tx,
  workspaceId: string,
  patch: Partial<Omit<MetricSettings, "workspaceId">>,
): Promise<MetricSettings> {
  const [row] = await db
    .insert(metricSettings)
    .values({ workspaceId, ...DEFAULTS, ...patch })
    .onConflictDoUpdate({ target: metricSettings.workspaceId, set: { ...patch, workspaceId } })
    .returning();
  if (!row) throw new Error("metric settings upsert returned no row");
  return row;
}

export interface ScopeRates {
  scope: string;
  journeyId: string | null;
  sent: number;
  bounced: number;
  complained: number;
}

interface RateRow extends Record<string, unknown> {
  scope: string;
  journey_id: string | null;
  sent: string;
  bounced: string;
  complained: string;
}

/** Unique sends, bounces and complaints in the last `minutes`, per journey and per recipient domain. */
export async function findScopeRates(db: Db, workspaceId: string, minutes: number): Promise<ScopeRates[]> {
  const since = sql`date_trunc('minute', now() - make_interval(mins => ${minutes}))`;
  const result = await db.execute<RateRow>(sql`
    select 'journey:' || journey_id as scope, journey_id::text,
           sum(n) filter (where metric = 'sent_unique')::text as sent,
           coalesce(sum(n) filter (where metric = 'bounced_unique'), 0)::text as bounced,
           coalesce(sum(n) filter (where metric = 'complained_unique'), 0)::text as complained
    from email_rollups
    where journey_id in (select id from journeys where workspace_id = ${workspaceId})
      and bucket >= ${since} and metric in ('sent_unique', 'bounced_unique', 'complained_unique')
    group by journey_id
    union all
    select key, null,
           sum(n) filter (where metric = 'sent_unique')::text,
           coalesce(sum(n) filter (where metric = 'bounced_unique'), 0)::text,
           coalesce(sum(n) filter (where metric = 'complained_unique'), 0)::text
    from workspace_rollups
    where workspace_id = ${workspaceId} and key <> '' and bucket >= ${since}
      and metric in ('sent_unique', 'bounced_unique', 'complained_unique')
    group by key
  `);
  return result.rows.map((r) => ({
    scope: r.scope,
    journeyId: r.journey_id,
    sent: Number(r.sent ?? 0),
    bounced: Number(r.bounced),
    complained: Number(r.complained),
  }));
}

/** Opens an alert unless one is already open for the scope and metric; returns it only when new. */
export async function insertAlertOnce(
  db: Db,
  alert: Omit<typeof metricAlerts.$inferInsert, "id">,
): Promise<MetricAlert | null> {
  const [row] = await db.insert(metricAlerts).values(alert).onConflictDoNothing().returning();
  return row ?? null;
}

export async function setAlertAction(db: Db, alertId: string, action: string): Promise<void> {
  await db.update(metricAlerts).set({ action }).where(eq(metricAlerts.id, alertId));
}

export async function resolveOpenAlert(db: Db, workspaceId: string, scope: string, metric: string): Promise<void> {
  await db
    .update(metricAlerts)
    .set({ resolvedAt: new Date() })
    .where(
      and(
        eq(metricAlerts.workspaceId, workspaceId),
        eq(metricAlerts.scope, scope),
        eq(metricAlerts.metric, metric),
        isNull(metricAlerts.resolvedAt),
      ),
    );
}

export async function findAlerts(
  db: Db,
  workspaceId: string,
  options: { journeyId?: string; limit?: number } = {},
): Promise<MetricAlertView[]> {
  const where = options.journeyId
    ? and(eq(metricAlerts.workspaceId, workspaceId), eq(metricAlerts.journeyId, options.journeyId))
    : eq(metricAlerts.workspaceId, workspaceId);
  const rows = await db
    .select({ alert: metricAlerts, journeyName: journeys.name })
    .from(metricAlerts)
    .leftJoin(journeys, eq(journeys.id, metricAlerts.journeyId))
    .where(where)
    .orderBy(desc(metricAlerts.raisedAt))
    .limit(options.limit ?? 20);
  return rows.map((r) => ({ ...r.alert, journeyName: r.journeyName }));
}

export interface DomainJourneyRates {
  journeyId: string;
  journeyName: string;
  sent: number;
  bounced: number;
  complained: number;
}

/**
 * Per live journey: its sent messages to one recipient domain in the last `minutes`, and how
 * many of them bounced / drew a complaint. What a domain alert uses to pick the journeys to
 * pause. Reads messages (workspace, created_at index) because the rollups do not split a
 * domain by journey; the window is short, so the scan is too.
 */
export async function findDomainJourneyRates(
  db: Db,
  workspaceId: string,
  domain: string,
  minutes: number,
): Promise<DomainJourneyRates[]> {
  const result = await db.execute<{
    journey_id: string;
    name: string;
    sent: string;
    bounced: string;
    complained: string;
  }>(sql`
    select m.journey_id, j.name, count(*)::text as sent,
           count(b.message_id)::text as bounced, count(c.message_id)::text as complained
    from messages m
    join journeys j on j.id = m.journey_id and j.status = 'live'
    join message_event_firsts s on s.message_id = m.id and s.type = 'sent' and s.key = ''
    left join message_event_firsts b on b.message_id = m.id and b.type = 'bounced' and b.key = ''
    left join message_event_firsts c on c.message_id = m.id and c.type = 'complained' and c.key = ''
    where m.workspace_id = ${workspaceId}
      and m.created_at >= now() - make_interval(mins => ${minutes})
      and lower(split_part(m.to_address, '@', 2)) = ${domain.toLowerCase()}
    group by m.journey_id, j.name
  `);
  return result.rows.map((r) => ({
    journeyId: r.journey_id,
    journeyName: r.name,
    sent: Number(r.sent),
    bounced: Number(r.bounced),
    complained: Number(r.complained),
  }));
}

export async function findWorkspaceIds(db: Db): Promise<string[]> {
  const result = await db.execute<{ id: string }>(sql`select id from workspaces`);
  return result.rows.map((r) => r.id);
}
