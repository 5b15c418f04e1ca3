// Broadcasts' data access: the row and its variants, the audience (a segment's open
// memberships, or everyone subscribed to a topic), and the guarded status moves the
// lifecycle and the send workflow make.
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { broadcasts, broadcastVariants, contacts, type BroadcastStatus } from "../schema";

export type BroadcastRow = typeof broadcasts.$inferSelect;
export type NewBroadcast = typeof broadcasts.$inferInsert;
export type BroadcastVariantRow = typeof broadcastVariants.$inferSelect;

export interface BroadcastAudience {
  workspaceId: string;
  segmentId: string | null;
  topicId: string | null;
}

/**
 * The contact ids of an audience, as a subquery. A topic audience is every contact whose
 * choice (or, without one, the topic's default) is "subscribed" — the rule send-consent.ts
 * applies again at send time.
 */
export function audienceContactIdsSql(audience: BroadcastAudience): SQL {
  if (audience.segmentId) {
    return sql`SELECT m.contact_id FROM segment_memberships m
      WHERE m.segment_id = ${audience.segmentId} AND m.workspace_id = ${audience.workspaceId} AND m.left_at IS NULL`;
  }
  if (audience.topicId) {
    return sql`SELECT c.id AS contact_id FROM contacts c
      JOIN subscription_topics t ON t.id = ${audience.topicId} AND t.workspace_id = ${audience.workspaceId}
      LEFT JOIN contact_subscriptions s ON s.contact_id = c.id AND s.topic_id = t.id
      WHERE c.workspace_id = ${audience.workspaceId}
        AND coalesce(s.is_subscribed, t.default_mode = 'opt_out')`;
  }
  return sql`SELECT NULL::uuid AS contact_id WHERE false`;
}

export async function countAudience(
  db: Db | Tx,
  audience: BroadcastAudience,
): Promise<{ total: number; withEmail: number }> {
  const result = await db.execute<{ total: string; with_email: string }>(sql`
    SELECT count(*) AS total, count(c.email) FILTER (WHERE c.email <> '') AS with_email
    FROM (${audienceContactIdsSql(audience)}) a JOIN contacts c ON c.id = a.contact_id`);
  const row = result.rows[0];
  return { total: Number(row?.total ?? 0), withEmail: Number(row?.with_email ?? 0) };
}

/** Up to `limit` audience contacts (traits for the missing-variable estimate). */
export async function sampleAudienceContacts(db: Db | Tx, audience: BroadcastAudience, limit: number) {
  return db
    .select({ id: contacts.id, email: contacts.email, userId: contacts.userId, traits: contacts.traits })
    .from(contacts)
    .where(inArray(contacts.id, sql`(${audienceContactIdsSql(audience)})`))
    .orderBy(contacts.id)
    .limit(limit);
}

export async function insertBroadcast(tx: Tx, row: NewBroadcast): Promise<BroadcastRow> {
  const [inserted] = await tx.insert(broadcasts).values(row).returning();
  if (!inserted) throw new Error("broadcast insert returned nothing");
  return inserted;
}

export async function findBroadcastById(db: Db | Tx, workspaceId: string, broadcastId: string) {
  const [row] = await db
    .select()
    .from(broadcasts)
    .where(and(eq(broadcasts.id, broadcastId), eq(broadcasts.workspaceId, workspaceId)))
    .limit(1);
  return row ?? null;
}

/** The row locked for a status change: two changes of one broadcast serialise here. */
export async function lockBroadcast(tx: Tx, workspaceId: string, broadcastId: string) {
  const [row] = await tx
    .select()
    .from(broadcasts)
    .where(and(eq(broadcasts.id, broadcastId), eq(broadcasts.workspaceId, workspaceId)))
    .for("update")
    .limit(1);
  return row ?? null;
}

export async function findWorkspaceBroadcasts(db: Db, workspaceId: string, limit = 200) {
  return db
    .select()
    .from(broadcasts)
    .where(eq(broadcasts.workspaceId, workspaceId))
    .orderBy(desc(broadcasts.createdAt))
    .limit(limit);
}

export async function updateBroadcast(
  tx: Tx | Db,
  workspaceId: string,
  broadcastId: string,
  fields: Partial<NewBroadcast>,
) {
  const [row] = await tx
    .update(broadcasts)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(broadcasts.id, broadcastId), eq(broadcasts.workspaceId, workspaceId)))
    .returning();
  return row ?? null;
}

/** Moves the status only from one of `from`; null when the broadcast was elsewhere (a lost race). */
export async function moveBroadcastStatus(
  db: Db | Tx,
  broadcastId: string,
  from: readonly BroadcastStatus[],
  to: BroadcastStatus,
  fields: Partial<NewBroadcast> = {},
) {
  const [row] = await db
    .update(broadcasts)
    .set({ ...fields, status: to, updatedAt: new Date() })
    .where(and(eq(broadcasts.id, broadcastId), inArray(broadcasts.status, [...from])))
    .returning();
  return row ?? null;
}

export async function findBroadcastVariants(db: Db | Tx, broadcastId: string): Promise<BroadcastVariantRow[]> {
  return db
    .select()
    .from(broadcastVariants)
    .where(eq(broadcastVariants.broadcastId, broadcastId))
    .orderBy(broadcastVariants.key);
}

export async function pinVariantVersion(tx: Tx, variantId: string, templateVersionId: string): Promise<void> {
  await tx.update(broadcastVariants).set({ templateVersionId }).where(eq(broadcastVariants.id, variantId));
}
