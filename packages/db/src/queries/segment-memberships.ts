// Segment membership writes and reads: entering and leaving (history rows, at most one open
// per segment and contact), the per-contact evaluation lock, the entry outbox that starts
// segment-triggered journeys, and the fresh membership read behind branch predicates.
import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { contacts } from "../schema/contacts";
import { segmentMemberships } from "../schema/segment-memberships";
import { segments } from "../schema/segments";
import { isRealWorkspace } from "./scratch-slug";

export interface MembershipKey {
  segmentId: string;
  contactId: string;
}

/**
 * Serialises segment evaluation per contact for the rest of the transaction (the per-event
 * path and the scheduled sweep may evaluate the same contact at once). Keys are taken in
 * sorted order so two transactions locking overlapping sets cannot deadlock.
 */
export async function lockContactsForSegments(tx: Tx, contactIds: readonly string[]): Promise<void> {
  if (contactIds.length === 0) return;
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(k)) from (
      select hashtextextended('segments:' || id, 0) as k from jsonb_array_elements_text(${JSON.stringify(contactIds)}::jsonb) as id order by 1
    ) keys
  `);
}

/** Open memberships of these contacts: segment id → contact ids. */
export async function findOpenMemberships(
  db: Db | Tx,
  contactIds: readonly string[],
): Promise<(MembershipKey & { id: string })[]> {
  if (contactIds.length === 0) return [];
  return db
    .select({
      id: segmentMemberships.id,
      segmentId: segmentMemberships.segmentId,
      contactId: segmentMemberships.contactId,
    })
    .from(segmentMemberships)
    .where(and(inArray(segmentMemberships.contactId, [...contactIds]), isNull(segmentMemberships.leftAt)));
}

/** The segments a contact is in now, with when they entered (the read API's `segments`). */
export async function findContactSegments(
  db: Db | Tx,
  contactId: string,
): Promise<{ segmentId: string; name: string; enteredAt: Date }[]> {
  return db
    .select({ segmentId: segments.id, name: segments.name, enteredAt: segmentMemberships.enteredAt })
    .from(segmentMemberships)
    .innerJoin(segments, eq(segments.id, segmentMemberships.segmentId))
    .where(and(eq(segmentMemberships.contactId, contactId), isNull(segmentMemberships.leftAt)))
    .orderBy(asc(segments.name));
}

/**
 * Opens a membership for each key that has no open one. Returns only the rows this call
 * created: a retried evaluation (same event twice) records nothing new.
 */
export async function enterSegments(
  db: Db | Tx,
  workspaceId: string,
  keys: readonly MembershipKey[],
  at: Date,
): Promise<(MembershipKey & { id: string })[]> {
  if (keys.length === 0) return [];
  const values = sql.join(
    keys.map(
      (key) =>
        sql`(${workspaceId}::uuid, ${key.segmentId}::uuid, ${key.contactId}::uuid, ${at.toISOString()}::timestamptz)`,
    ),
    sql`, `,
  );
  const result = await db.execute<{ id: string; segment_id: string; contact_id: string }>(sql`
    insert into ${segmentMemberships} (workspace_id, segment_id, contact_id, entered_at)
    values ${values}
    on conflict (segment_id, contact_id) where left_at is null do nothing
    returning id, segment_id, contact_id
  `);
  return result.rows.map((row) => ({ id: row.id, segmentId: row.segment_id, contactId: row.contact_id }));
}

/** Closes the open membership of each key; returns how many were closed. */
export async function leaveSegments(db: Db | Tx, keys: readonly MembershipKey[], at: Date): Promise<number> {
  let closed = 0;
  for (const key of keys) {
    const rows = await db
      .update(segmentMemberships)
      .set({ leftAt: at })
      .where(
        and(
          eq(segmentMemberships.segmentId, key.segmentId),
          eq(segmentMemberships.contactId, key.contactId),
          isNull(segmentMemberships.leftAt),
        ),
      )
      .returning({ id: segmentMemberships.id });
    closed += rows.length;
  }
  return closed;
}

/** Fresh read for branch predicates: is the contact a member of the segment right now? */
export async function isContactInSegment(db: Db | Tx, contactId: string, segmentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: segmentMemberships.id })
    .from(segmentMemberships)
    .where(
      and(
        eq(segmentMemberships.contactId, contactId),
        eq(segmentMemberships.segmentId, segmentId),
        isNull(segmentMemberships.leftAt),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** A contact's membership history in one segment, oldest first (tests and the profile). */
export async function findMembershipHistory(db: Db | Tx, segmentId: string, contactId: string) {
  return db
    .select({
      id: segmentMemberships.id,
      enteredAt: segmentMemberships.enteredAt,
      leftAt: segmentMemberships.leftAt,
      runsStartedAt: segmentMemberships.runsStartedAt,
    })
    .from(segmentMemberships)
    .where(and(eq(segmentMemberships.segmentId, segmentId), eq(segmentMemberships.contactId, contactId)))
    .orderBy(asc(segmentMemberships.enteredAt));
}

export interface PendingSegmentEntry {
  id: string;
  workspaceId: string;
  segmentId: string;
  contactId: string;
  enteredAt: Date;
}

/** Entries whose triggered journeys were not started yet (the outbox), oldest first. */
export async function findPendingSegmentEntries(
  db: Db | Tx,
  options: { limit: number; workspaceIds?: readonly string[]; contactIds?: readonly string[] },
): Promise<PendingSegmentEntry[]> {
  return db
    .select({
      id: segmentMemberships.id,
      workspaceId: segmentMemberships.workspaceId,
      segmentId: segmentMemberships.segmentId,
      contactId: segmentMemberships.contactId,
      enteredAt: segmentMemberships.enteredAt,
    })
    .from(segmentMemberships)
    .where(
      and(
        isNull(segmentMemberships.runsStartedAt),
        options.workspaceIds ? inArray(segmentMemberships.workspaceId, [...options.workspaceIds]) : undefined,
        options.contactIds ? inArray(segmentMemberships.contactId, [...options.contactIds]) : undefined,
      ),
    )
    .orderBy(asc(segmentMemberships.enteredAt))
    .limit(options.limit);
}

export async function markSegmentEntryRunsStarted(db: Db | Tx, entryId: string): Promise<void> {
  await db
    .update(segmentMemberships)
    .set({ runsStartedAt: sql`now()` })
    .where(eq(segmentMemberships.id, entryId));
}

/** One page of a workspace's contact ids in id order (the scheduled sweep walks them all). */
export async function findContactIdsPage(
  db: Db | Tx,
  workspaceId: string,
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), afterId ? gt(contacts.id, afterId) : undefined))
    .orderBy(asc(contacts.id))
    .limit(limit);
  return rows.map((row) => row.id);
}

/** The contact an event belongs to: by userId when it has one, else by anonymousId. */
export async function findContactIdByIdentity(
  db: Db | Tx,
  input: { workspaceId: string; userId: string | null; anonymousId: string | null },
): Promise<string | null> {
  const identity =
    input.userId !== null
      ? eq(contacts.userId, input.userId)
      : input.anonymousId !== null
        ? eq(contacts.anonymousId, input.anonymousId)
        : null;
  if (!identity) return null;
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, input.workspaceId), identity));
  return row?.id ?? null;
}

/** userId of each contact (null for anonymous ones): segment-triggered journeys only mail known contacts. */
export async function findContactUserIds(
  db: Db | Tx,
  contactIds: readonly string[],
): Promise<Map<string, string | null>> {
  if (contactIds.length === 0) return new Map();
  const rows = await db
    .select({ id: contacts.id, userId: contacts.userId })
    .from(contacts)
    .where(inArray(contacts.id, [...contactIds]));
  return new Map(rows.map((row) => [row.id, row.userId]));
}

/** Workspaces that have at least one segment (the sweep visits only those). */
export async function findWorkspacesWithSegments(db: Db | Tx, workspaceIds?: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectDistinct({ workspaceId: segments.workspaceId })
    .from(segments)
    .where(
      and(
        workspaceIds ? inArray(segments.workspaceId, [...workspaceIds]) : undefined,
        // A test run's copies stay as copied: a sweep there would change its answers mid-run.
        isRealWorkspace(segments.workspaceId),
      ),
    );
  return rows.map((row) => row.workspaceId);
}
