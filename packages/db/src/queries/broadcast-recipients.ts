// The frozen audience of a broadcast: written once (the snapshot), then read a page at a time
// by the send activity, which marks each row's outcome. Counters on `broadcasts` are bumped in
// the same transaction as the marks, so a retried page never counts a contact twice.
import { and, asc, eq, lte, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { broadcastRecipients, broadcasts, contacts, type BroadcastRecipientState } from "../schema";
import { convertedAtSql, type BroadcastGoal } from "./broadcast-conversions";
import { audienceContactIdsSql, type BroadcastAudience } from "./broadcasts";

export interface PageStart {
  page: number;
  /** Epoch ms the page (and every page up to the next start) may be sent. */
  sendAt: number;
}

export interface BestHoursInput {
  contactIds: readonly string[];
  /** 0–23, the contact's local hour, parallel to `contactIds`. */
  hours: readonly number[];
  otherwise: number | null;
}

/**
 * The next start of the local hour (`hour`, 0–23, in `zone`) at or after `startAt`; inside that
 * hour already means `startAt` itself. A null hour means `startAt`. So every instant lies in
 * [startAt, startAt + 24 h) and falls on a zone's hour boundary: few distinct instants, few pages.
 */
function nextLocalHourSql(hour: SQL, zone: SQL, startAt: string): SQL {
  const local = sql`(${startAt}::timestamptz AT TIME ZONE ${zone})`;
  const candidate = sql`(date_trunc('day', ${local}) + make_interval(hours => ${hour}))`;
  return sql`CASE WHEN ${hour} IS NULL THEN ${startAt}::timestamptz
    ELSE greatest(${startAt}::timestamptz, (CASE WHEN ${candidate} < date_trunc('hour', ${local})
      THEN ${candidate} + interval '1 day' ELSE ${candidate} END) AT TIME ZONE ${zone}) END`;
}

export interface AudienceSnapshot {
  recipientCount: number;
  pageCount: number;
  /** One entry per distinct send instant (one for "now"/"at"; one per zone offset for local time). */
  pageStarts: PageStart[];
  /** Staggered A/B: the test sample fills pages 0 … testPageCount − 1 (0 without a test). */
  testPageCount: number;
}

/** Staggered A/B: the share of the audience tested first and the variants' weights (summing to 100). */
export interface SnapshotSample {
  samplePercent: number;
  variants: readonly { id: string; weight: number }[];
}

/**
 * The sample's variant by a contact's rank r among S sampled ones: the share r/S falls into one
 * variant's slice of the cumulative weights, so the split is exact and deterministic.
 */
function sampleVariantSql(sample: SnapshotSample): SQL {
  let cumulative = 0;
  const cases = sample.variants.slice(0, -1).map((variant) => {
    cumulative += variant.weight;
    return sql`WHEN r * 100.0 / s < ${cumulative} THEN ${variant.id}::uuid`;
  });
  const last = sample.variants[sample.variants.length - 1];
  return sql`CASE ${sql.join(cases, sql` `)} ELSE ${last?.id ?? null}::uuid END`;
}

/**
 * Writes the audience once: each contact with its send instant (the typed wall time in the
 * contact's zone for local-time sends, the next start of their best hour for best-time sends;
 * unknown zones read as UTC), its recipient domain and
 * its page. Pages never mix two instants, so the workflow can sleep page by page. A second
 * call (a retried activity) writes nothing and returns the same summary.
 */
export async function snapshotBroadcastAudience(
  db: Db,
  input: {
    broadcastId: string;
    audience: BroadcastAudience;
    variantId: string;
    pageSize: number;
    /** "YYYY-MM-DDTHH:MM" for local-time sends, else null. */
    localTime: string | null;
    /** Best-time sends: each engaged contact's hour, and the hour of the rest (null = `startAt`). */
    bestHours?: BestHoursInput | null;
    startAt: Date;
    /** Staggered A/B (one send instant): the sample in the first pages, the rest after, variant unset. */
    sample?: SnapshotSample | null;
  },
): Promise<AudienceSnapshot> {
  return db.transaction(async (tx) => {
    // Serialises two attempts of the snapshot; the broadcast row is the natural lock.
    await tx.execute(sql`SELECT 1 FROM broadcasts WHERE id = ${input.broadcastId} FOR UPDATE`);
    const [existing] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.broadcastId, input.broadcastId));
    if ((existing?.n ?? 0) === 0) {
      const zone = sql`coalesce(z1.name, z2.name, 'UTC')`;
      const best = input.bestHours;
      const sendAt = input.localTime
        ? sql`(${input.localTime}::timestamp AT TIME ZONE ${zone})`
        : best
          ? nextLocalHourSql(sql`coalesce(b.hour, ${best.otherwise}::int)`, zone, input.startAt.toISOString())
          : sql`${input.startAt.toISOString()}::timestamptz`;
      const bestJoin = best
        ? sql`LEFT JOIN unnest(${`{${best.contactIds.join(",")}}`}::uuid[], ${`{${best.hours.join(",")}}`}::int[])
            AS b(contact_id, hour) ON b.contact_id = c.id`
        : sql``;
      if (input.sample) await insertSampledAudience(tx, { ...input, sample: input.sample });
      else
        await tx.execute(sql`
        WITH zones AS MATERIALIZED (SELECT name FROM pg_timezone_names),
        located AS (
          SELECT c.id AS contact_id, lower(split_part(coalesce(c.email, ''), '@', 2)) AS domain, ${sendAt} AS send_at
          FROM (${audienceContactIdsSql(input.audience)}) a
          JOIN contacts c ON c.id = a.contact_id
          LEFT JOIN zones z1 ON z1.name = c.timezone
          LEFT JOIN zones z2 ON z2.name = c.traits->>'timezone'
          ${bestJoin}
        ),
        chunked AS (
          SELECT *, (row_number() OVER (PARTITION BY send_at ORDER BY contact_id) - 1) / ${input.pageSize} AS chunk
          FROM located
        )
        INSERT INTO broadcast_recipients (broadcast_id, contact_id, page, variant_id, domain, send_at)
        SELECT ${input.broadcastId}, contact_id, (dense_rank() OVER (ORDER BY send_at, chunk) - 1)::int,
               ${input.variantId}, domain, send_at
        FROM chunked
        ON CONFLICT DO NOTHING`);
      // Fresh statistics before the first page: until autovacuum samples the table (a minute
      // or more, and after 10% of it changed), the planner believes the broadcast has a few
      // hundred rows and joins a page's outcomes by scanning them all in order — page p read
      // about p × 100 rows, so a send cost the square of its audience. ANALYZE samples a fixed
      // 30,000 rows whatever the table's size, and counts this transaction's own inserts.
      await tx.execute(sql`ANALYZE broadcast_recipients`);
    }
    const starts = await tx.execute<{ page: number; send_at: string; n: string; pages: number }>(sql`
      SELECT min(page)::int AS page, send_at, count(*) AS n, count(DISTINCT page)::int AS pages
      FROM broadcast_recipients WHERE broadcast_id = ${input.broadcastId}
      GROUP BY send_at ORDER BY send_at`);
    const recipientCount = starts.rows.reduce((sum, row) => sum + Number(row.n), 0);
    const pageCount = starts.rows.reduce((sum, row) => sum + row.pages, 0);
    const [test] = await tx
      .select({ pages: sql<number>`count(DISTINCT ${broadcastRecipients.page})::int` })
      .from(broadcastRecipients)
      .where(and(eq(broadcastRecipients.broadcastId, input.broadcastId), eq(broadcastRecipients.phase, "test")));
    await tx.update(broadcasts).set({ recipientCount }).where(eq(broadcasts.id, input.broadcastId));
    return {
      recipientCount,
      pageCount,
      pageStarts: starts.rows.map((row) => ({ page: row.page, sendAt: new Date(row.send_at).getTime() })),
      testPageCount: test?.pages ?? 0,
    };
  });
}

/**
 * The staggered A/B snapshot: contacts ranked by a hash of (broadcast, contact); the first
 * ⌈N · samplePercent / 100⌉ form the test sample (phase `test`, split across the variants by
 * weight), the rest wait for the decision (phase `winner`, no variant yet). Test pages come
 * first and no page mixes the two phases.
 */
async function insertSampledAudience(
  tx: Tx,
  input: { broadcastId: string; audience: BroadcastAudience; pageSize: number; startAt: Date; sample: SnapshotSample },
): Promise<void> {
  await tx.execute(sql`
    WITH located AS (
      SELECT c.id AS contact_id, lower(split_part(coalesce(c.email, ''), '@', 2)) AS domain,
             md5(${input.broadcastId}::text || c.id::text) AS h
      FROM (${audienceContactIdsSql(input.audience)}) a
      JOIN contacts c ON c.id = a.contact_id
    ),
    ranked AS (
      SELECT *, row_number() OVER (ORDER BY h, contact_id) - 1 AS r,
             ceil(count(*) OVER () * ${input.sample.samplePercent}::numeric / 100) AS s
      FROM located
    ),
    phased AS (
      SELECT contact_id, domain, CASE WHEN r < s THEN 'test' ELSE 'winner' END AS phase,
             CASE WHEN r < s THEN ${sampleVariantSql(input.sample)} END AS variant_id
      FROM ranked
    ),
    chunked AS (
      SELECT *, (row_number() OVER (PARTITION BY phase ORDER BY contact_id) - 1) / ${input.pageSize} AS chunk
      FROM phased
    )
    INSERT INTO broadcast_recipients (broadcast_id, contact_id, page, variant_id, phase, domain, send_at)
    SELECT ${input.broadcastId}, contact_id, (dense_rank() OVER (ORDER BY phase = 'winner', chunk) - 1)::int,
           variant_id, phase, domain, ${input.startAt.toISOString()}::timestamptz
    FROM chunked
    ON CONFLICT DO NOTHING`);
}

export type RecipientToSend = { contactId: string; domain: string; variantId: string | null; phase: string };

/** The rows of one page still to send (a retried page finds only what the earlier attempt left). */
export async function findPendingPage(db: Db, broadcastId: string, page: number): Promise<RecipientToSend[]> {
  return db
    .select({
      contactId: broadcastRecipients.contactId,
      domain: broadcastRecipients.domain,
      variantId: broadcastRecipients.variantId,
      phase: broadcastRecipients.phase,
    })
    .from(broadcastRecipients)
    .where(
      and(
        eq(broadcastRecipients.broadcastId, broadcastId),
        eq(broadcastRecipients.page, page),
        eq(broadcastRecipients.state, "pending"),
      ),
    )
    .orderBy(asc(broadcastRecipients.contactId));
}

/** Deferred rows whose retry time has come, up to `limit`. */
export async function findDueDeferred(db: Db, broadcastId: string, now: Date, limit: number) {
  return db
    .select({
      contactId: broadcastRecipients.contactId,
      domain: broadcastRecipients.domain,
      variantId: broadcastRecipients.variantId,
      phase: broadcastRecipients.phase,
    })
    .from(broadcastRecipients)
    .where(
      and(
        eq(broadcastRecipients.broadcastId, broadcastId),
        eq(broadcastRecipients.state, "deferred"),
        lte(broadcastRecipients.retryAt, now),
      ),
    )
    .orderBy(asc(broadcastRecipients.retryAt))
    .limit(limit);
}

/** The earliest retry instant among deferred rows, or null when none is left. */
export async function findNextRetryAt(db: Db, broadcastId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`min(${broadcastRecipients.retryAt})` })
    .from(broadcastRecipients)
    .where(and(eq(broadcastRecipients.broadcastId, broadcastId), eq(broadcastRecipients.state, "deferred")));
  return row?.at ? new Date(row.at) : null;
}

/**
 * What this broadcast sent to each domain since that domain's `since` (per-domain limits count
 * over a window of their own: an hour, or a few seconds when the limit is spread). One range
 * scan of the sent-domain index per window, so a page's count reads the window's sends only,
 * never the broadcast's whole history (an OR of the windows scanned every sent row).
 */
export async function countRecentDomainSends(
  db: Db,
  broadcastId: string,
  windows: readonly { domain: string; since: Date }[],
): Promise<Map<string, { count: number; oldest: Date | null }>> {
  const counts = new Map<string, { count: number; oldest: Date | null }>();
  if (windows.length === 0) return counts;
  const result = await db.execute<{ domain: string; count: number; oldest: string | null }>(sql`
    SELECT w.domain, c.count, c.oldest
    FROM unnest(${sql.param(windows.map((w) => w.domain))}::text[],
                ${sql.param(windows.map((w) => w.since.toISOString()))}::timestamptz[]) AS w(domain, since)
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS count, min(r.handled_at) AS oldest FROM broadcast_recipients r
      WHERE r.broadcast_id = ${broadcastId} AND r.state = 'sent' AND r.domain = w.domain AND r.handled_at > w.since
    ) c`);
  for (const row of result.rows)
    counts.set(row.domain, { count: row.count, oldest: row.oldest ? new Date(row.oldest) : null });
  return counts;
}

export interface RecipientOutcome {
  contactId: string;
  state: Exclude<BroadcastRecipientState, "pending">;
  reason?: string | null;
  messageId?: string | null;
  retryAt?: Date | null;
}

/**
 * The rows an outcome list may move: the broadcast's, and — when the outcomes are all of one
 * page (a page call and its hand-off) — that page's. The page bounds the UPDATE to the page's
 * index entries whatever the planner believes about the table.
 */
export interface RecipientScope {
  broadcastId: string;
  /** The page every outcome belongs to; null for outcomes across pages (the deferred pass). */
  page: number | null;
}

/**
 * Records outcomes and bumps the counters together. Only rows still pending or deferred move,
 * and only those moves count, so a retried page (or a crash between send and mark) cannot
 * count twice.
 */
export async function markRecipients(
  db: Db,
  scope: RecipientScope,
  outcomes: readonly RecipientOutcome[],
): Promise<void> {
  if (outcomes.length === 0) return;
  await db.transaction((tx) => markRecipientsIn(tx, scope, outcomes));
}

/** markRecipients inside the caller's transaction, in one statement (recipientOutcomesCtes). */
export async function markRecipientsIn(
  tx: Tx,
  scope: RecipientScope,
  outcomes: readonly RecipientOutcome[],
): Promise<void> {
  const ctes = recipientOutcomesCtes(scope, outcomes);
  if (ctes) await tx.execute(sql`WITH ${ctes} SELECT 1`);
}

/**
 * markRecipients as the CTEs of a larger statement (a page's writes end with them, sent with the
 * COMMIT: messages-batch-commit.ts): the outcomes move their rows (`moved_recipients`), and the
 * broadcast's counters grow by what moved (`counted_recipients`) — so a page's one statement
 * locks the shared counters row for its own end and the commit only. The outcomes travel as
 * five arrays (`unnest`), so the text and plan are the same for every page. With
 * `onlyMessagesIn`, the name of a CTE of the same statement holding message `id`s, an outcome
 * naming a message counts only if its message is there (the rows this statement wrote; another
 * attempt's rows are settled by their own hand-off). Null for no outcomes.
 */
export function recipientOutcomesCtes(
  scope: RecipientScope,
  outcomes: readonly RecipientOutcome[],
  options: { onlyMessagesIn?: string } = {},
): SQL | null {
  if (outcomes.length === 0) return null;
  const column = <T>(pick: (o: RecipientOutcome) => T) => sql.param(outcomes.map(pick));
  const pageFilter = scope.page === null ? sql`` : sql`AND r.page = ${scope.page}`;
  const messageFilter = options.onlyMessagesIn
    ? sql`AND (v.message_id IS NULL OR v.message_id IN (SELECT id FROM ${sql.identifier(options.onlyMessagesIn)}))`
    : sql``;
  const moved = (state: BroadcastRecipientState) => sql`(SELECT count(*) FROM moved_recipients WHERE state = ${state})`;
  return sql`moved_recipients AS (
    UPDATE broadcast_recipients r
    SET state = v.state, reason = v.reason, message_id = coalesce(v.message_id, r.message_id),
        retry_at = v.retry_at, handled_at = now()
    FROM unnest(${column((o) => o.contactId)}::uuid[], ${column((o) => o.state)}::broadcast_recipient_state[],
                ${column((o) => o.reason ?? null)}::text[], ${column((o) => o.messageId ?? null)}::uuid[],
                ${column((o) => o.retryAt?.toISOString() ?? null)}::timestamptz[])
      AS v(contact_id, state, reason, message_id, retry_at)
    WHERE r.broadcast_id = ${scope.broadcastId} AND r.contact_id = v.contact_id ${pageFilter}
      AND r.state IN ('pending', 'deferred') ${messageFilter}
    RETURNING r.state
  ),
  counted_recipients AS (
    UPDATE broadcasts
    SET sent_count = sent_count + ${moved("sent")}, skipped_count = skipped_count + ${moved("skipped")},
        failed_count = failed_count + ${moved("failed")}, updated_at = now()
    WHERE id = ${scope.broadcastId}
      AND EXISTS (SELECT 1 FROM moved_recipients WHERE state IN ('sent', 'skipped', 'failed'))
  )`;
}

/** The page's contacts in one read (erased ones are simply absent). */
export async function findRecipientContacts(db: Db, workspaceId: string, contactIds: readonly string[]) {
  if (contactIds.length === 0) return [];
  return (
    db
      .select({
        id: contacts.id,
        email: contacts.email,
        userId: contacts.userId,
        traits: contacts.traits,
        timezone: contacts.timezone,
      })
      .from(contacts)
      // The page's ids as one array parameter: no list of 100 for drizzle to build and Postgres to bind.
      .where(
        and(eq(contacts.workspaceId, workspaceId), sql`${contacts.id} = any(${sql.param([...contactIds])}::uuid[])`),
      )
  );
}

export type BroadcastFunnelStep = "delivered" | "opened" | "clicked" | "unsubscribed" | "bounced" | "complained";

/** Contacts reached at each step, from the events of the broadcast's messages (one per message per step). */
export async function countBroadcastFunnel(db: Db, broadcastId: string): Promise<Record<BroadcastFunnelStep, number>> {
  const result = await db.execute<{ type: string; n: string }>(sql`
    SELECT e.type, count(DISTINCT e.message_id) AS n
    FROM broadcast_recipients r JOIN message_events e ON e.message_id = r.message_id
    WHERE r.broadcast_id = ${broadcastId} AND r.message_id IS NOT NULL
    GROUP BY e.type`);
  const funnel: Record<BroadcastFunnelStep, number> = {
    delivered: 0,
    opened: 0,
    clicked: 0,
    unsubscribed: 0,
    bounced: 0,
    complained: 0,
  };
  for (const row of result.rows) if (row.type in funnel) funnel[row.type as BroadcastFunnelStep] = Number(row.n);
  return funnel;
}

/** Skip reasons with their counts, most common first. */
export async function countSkipReasons(db: Db, broadcastId: string, limit = 10) {
  const result = await db.execute<{ reason: string | null; state: string; n: string }>(sql`
    SELECT reason, state, count(*) AS n FROM broadcast_recipients
    WHERE broadcast_id = ${broadcastId} AND state IN ('skipped', 'failed', 'deferred')
    GROUP BY reason, state ORDER BY count(*) DESC LIMIT ${limit}`);
  return result.rows.map((row) => ({ reason: row.reason ?? "", state: row.state, count: Number(row.n) }));
}

/** One row per recipient for the CSV export, in pages of `limit` after `afterContactId`. */
export async function findRecipientReportRows(
  db: Db,
  broadcastId: string,
  afterContactId: string | null,
  limit: number,
  goal: BroadcastGoal | null,
) {
  const result = await db.execute<{
    contact_id: string;
    email: string | null;
    state: string;
    reason: string | null;
    message_status: string | null;
    handled_at: string | null;
    variant_key: string | null;
    phase: string;
    converted_at: string | null;
  }>(sql`
    SELECT r.contact_id, c.email, r.state, r.reason, m.status AS message_status, r.handled_at,
           v.key AS variant_key, r.phase, ${convertedAtSql(goal)} AS converted_at
    FROM broadcast_recipients r
    LEFT JOIN contacts c ON c.id = r.contact_id
    LEFT JOIN messages m ON m.id = r.message_id
    LEFT JOIN broadcast_variants v ON v.id = r.variant_id
    WHERE r.broadcast_id = ${broadcastId}
      ${afterContactId ? sql`AND r.contact_id > ${afterContactId}` : sql``}
    ORDER BY r.contact_id LIMIT ${limit}`);
  return result.rows;
}
