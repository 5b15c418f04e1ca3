// Staggered A/B data access: the variants a broadcast tests, the test sample's counts per variant
// (in the journey experiments' arm shape, so the same decision code reads them), the funnel per
// variant and phase, and the decision — recorded once, with the rest of the audience given the
// winner's variant (or skipped, when the test stopped the send) in the same transaction.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { broadcasts, broadcastVariants, type BroadcastAbDecision } from "../schema";
import { isConvertedSql, type BroadcastGoal } from "./broadcast-conversions";
import type { ExperimentArmCounts } from "./metrics-experiments";

export interface BroadcastVariantInput {
  key: string;
  templateId: string | null;
  subject: string | null;
  senderName: string | null;
  weight: number;
}

/** Replaces the variants (a draft's edit); keys absent from `variants` go, recipients keep none yet. */
export async function replaceBroadcastVariants(
  tx: Tx,
  input: { workspaceId: string; broadcastId: string; variants: readonly BroadcastVariantInput[] },
): Promise<void> {
  await tx.delete(broadcastVariants).where(eq(broadcastVariants.broadcastId, input.broadcastId));
  if (input.variants.length === 0) return;
  await tx
    .insert(broadcastVariants)
    .values(input.variants.map((v) => ({ ...v, workspaceId: input.workspaceId, broadcastId: input.broadcastId })));
}

/**
 * The test sample's counts per variant: assigned (sampled), sent, reached / opened / clicked
 * (contacts whose email was sent, opened, clicked), unsubscribed, complained, and converted —
 * a `goal` event by the contact within `windowMs` after their send.
 */
export async function countBroadcastTestArms(
  db: Db,
  broadcastId: string,
  goal: BroadcastGoal | null,
): Promise<ExperimentArmCounts[]> {
  const first = (type: string) =>
    sql`exists (select 1 from message_event_firsts f where f.message_id = r.message_id and f.type = ${type} and f.key = '')`;
  const result = await db.execute<Record<string, string>>(sql`
    select r.variant_id::text as arm,
      count(*) as assigned,
      count(*) filter (where r.state = 'sent') as sent,
      count(*) filter (where r.state = 'sent') as reached,
      count(*) filter (where r.state = 'sent' and ${first("opened")}) as opened,
      count(*) filter (where r.state = 'sent' and ${first("clicked")}) as clicked,
      count(*) filter (where r.state = 'sent' and ${first("unsubscribed")}) as unsubscribed,
      count(*) filter (where r.state = 'sent' and ${first("complained")}) as complained,
      count(*) filter (where ${isConvertedSql(goal)}) as converted
    from broadcast_recipients r
    where r.broadcast_id = ${broadcastId} and r.phase = 'test' and r.variant_id is not null
    group by r.variant_id`);
  return result.rows.map((row) => ({
    arm: String(row.arm),
    assigned: Number(row.assigned),
    sent: Number(row.sent),
    reached: Number(row.reached),
    opened: Number(row.opened),
    clicked: Number(row.clicked),
    unsubscribed: Number(row.unsubscribed),
    complained: Number(row.complained),
    converted: Number(row.converted),
  }));
}

export interface BroadcastVariantFunnelRow {
  variantId: string | null;
  phase: string;
  recipients: number;
  pending: number;
  sent: number;
  skipped: number;
  failed: number;
  delivered: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  bounced: number;
  complained: number;
  /** Sent recipients who reached the goal within the window; null when the broadcast has no goal. */
  converted: number | null;
}

/**
 * The funnel per variant and phase (contacts reached at each step, from the messages' first
 * events; converted by `goal`, broadcast-conversions.ts).
 */
export async function countBroadcastFunnelByVariant(
  db: Db,
  broadcastId: string,
  goal: BroadcastGoal | null,
): Promise<BroadcastVariantFunnelRow[]> {
  const first = (type: string) =>
    sql`count(*) filter (where exists (select 1 from message_event_firsts f where f.message_id = r.message_id and f.type = ${type} and f.key = ''))`;
  const result = await db.execute<Record<string, string | null>>(sql`
    select r.variant_id::text as variant_id, r.phase, count(*) as recipients,
      count(*) filter (where r.state in ('pending', 'deferred')) as pending,
      count(*) filter (where r.state = 'sent') as sent,
      count(*) filter (where r.state = 'skipped') as skipped,
      count(*) filter (where r.state = 'failed') as failed,
      ${first("delivered")} as delivered, ${first("opened")} as opened, ${first("clicked")} as clicked,
      ${first("unsubscribed")} as unsubscribed, ${first("bounced")} as bounced, ${first("complained")} as complained,
      count(*) filter (where ${isConvertedSql(goal)}) as converted
    from broadcast_recipients r where r.broadcast_id = ${broadcastId}
    group by r.variant_id, r.phase order by r.phase = 'winner', r.variant_id`);
  return result.rows.map((row) => ({
    variantId: row.variant_id ?? null,
    phase: String(row.phase),
    recipients: Number(row.recipients),
    pending: Number(row.pending),
    sent: Number(row.sent),
    skipped: Number(row.skipped),
    failed: Number(row.failed),
    delivered: Number(row.delivered),
    opened: Number(row.opened),
    clicked: Number(row.clicked),
    unsubscribed: Number(row.unsubscribed),
    bounced: Number(row.bounced),
    complained: Number(row.complained),
    converted: goal ? Number(row.converted) : null,
  }));
}

/** Sets when the test ends at the latest (first call wins: a retried check keeps the first). */
export async function setBroadcastTestEndsAt(db: Db, broadcastId: string, endsAt: Date): Promise<void> {
  await db
    .update(broadcasts)
    .set({ abTestEndsAt: endsAt })
    .where(and(eq(broadcasts.id, broadcastId), isNull(broadcasts.abTestEndsAt)));
}

/**
 * Records the decision once and applies it to the rest of the audience: their variant (winner or
 * fallback), or — stop — every pending one skipped with `stopReason`, counted. A second call (a
 * retried activity) changes nothing and returns the decision already stored.
 */
export async function recordBroadcastDecision(
  db: Db,
  broadcastId: string,
  decision: BroadcastAbDecision,
  rest: { variantId: string } | { stopReason: string },
): Promise<BroadcastAbDecision> {
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(broadcasts)
      .set({ abDecision: decision, updatedAt: new Date() })
      .where(and(eq(broadcasts.id, broadcastId), isNull(broadcasts.abDecision)))
      .returning({ id: broadcasts.id });
    if (!claimed) {
      const [row] = await tx
        .select({ decision: broadcasts.abDecision })
        .from(broadcasts)
        .where(eq(broadcasts.id, broadcastId));
      if (!row?.decision) throw new Error(`broadcast ${broadcastId} vanished while deciding its test`);
      return row.decision;
    }
    if ("variantId" in rest) {
      await tx.execute(sql`UPDATE broadcast_recipients SET variant_id = ${rest.variantId}
        WHERE broadcast_id = ${broadcastId} AND phase = 'winner'`);
      return decision;
    }
    const skipped = await tx.execute(sql`UPDATE broadcast_recipients
      SET state = 'skipped', reason = ${rest.stopReason}, handled_at = now()
      WHERE broadcast_id = ${broadcastId} AND phase = 'winner' AND state = 'pending'`);
    await tx
      .update(broadcasts)
      .set({ skippedCount: sql`${broadcasts.skippedCount} + ${skipped.rowCount ?? 0}` })
      .where(eq(broadcasts.id, broadcastId));
    return decision;
  });
}
