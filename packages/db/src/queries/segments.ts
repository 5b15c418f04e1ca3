// Segment definitions and the reads behind the Segments pages: list with live member
// counts, a sample of members, size history. Membership writes live in segment-memberships.ts.
import type { SegmentDefinition } from "@mailstream/journey/segment-definition";
import { and, asc, desc, eq, gte, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { computedTraits } from "../schema/computed-traits";
import { contacts } from "../schema/contacts";
import { segmentMemberships } from "../schema/segment-memberships";
import { segmentSizeSnapshots } from "../schema/segment-size-snapshots";
import { segments } from "../schema/segments";
import { returnedRow } from "./returned-row";

export interface SegmentRecord {
  id: string;
  workspaceId: string;
  name: string;
  definition: SegmentDefinition;
  createdAt: Date;
  updatedAt: Date;
}

// The outer column is spelled out: inside a subquery drizzle may render `segments.id` unqualified,
// which would bind to the membership's own id.
const memberCount = sql<number>`(select count(*)::int from segment_memberships m where m.segment_id = "segments"."id" and m.left_at is null)`;

/** A segment row and its live member count: the columns the segment list and detail both read. */
const segmentWithMemberCount = {
  id: segments.id,
  workspaceId: segments.workspaceId,
  name: segments.name,
  definition: segments.definition,
  createdAt: segments.createdAt,
  updatedAt: segments.updatedAt,
  memberCount,
};

/** The workspace's segments by name, each with its live member count (one indexed count per segment). */
export async function listSegments(db: Db, workspaceId: string): Promise<(SegmentRecord & { memberCount: number })[]> {
  return db
    .select(segmentWithMemberCount)
    .from(segments)
    .where(eq(segments.workspaceId, workspaceId))
    .orderBy(asc(segments.name));
}

/** Every segment of a workspace with its definition (evaluation and validation input). */
export async function findWorkspaceSegments(db: Db | Tx, workspaceId: string): Promise<SegmentRecord[]> {
  return db.select().from(segments).where(eq(segments.workspaceId, workspaceId));
}

export async function findSegmentIds(db: Db | Tx, workspaceId: string): Promise<string[]> {
  const rows = await db.select({ id: segments.id }).from(segments).where(eq(segments.workspaceId, workspaceId));
  return rows.map((row) => row.id);
}

export async function findSegmentById(
  db: Db | Tx,
  workspaceId: string,
  segmentId: string,
): Promise<(SegmentRecord & { memberCount: number }) | null> {
  const [row] = await db
    .select(segmentWithMemberCount)
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
  return row ?? null;
}

export async function findSegmentByName(
  db: Db | Tx,
  workspaceId: string,
  name: string,
): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: segments.id })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.name, name)));
  return row ?? null;
}

export async function insertSegment(
  db: Db | Tx,
  input: { workspaceId: string; name: string; definition: SegmentDefinition },
): Promise<SegmentRecord> {
  return returnedRow(await db.insert(segments).values(input).returning(), "insert into segments");
}

export async function updateSegment(
  db: Db | Tx,
  workspaceId: string,
  segmentId: string,
  fields: { name?: string; definition?: SegmentDefinition },
): Promise<SegmentRecord | null> {
  const [row] = await db
    .update(segments)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)))
    .returning();
  return row ?? null;
}

export async function deleteSegment(db: Db | Tx, workspaceId: string, segmentId: string): Promise<boolean> {
  const rows = await db
    .delete(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)))
    .returning({ id: segments.id });
  return rows.length > 0;
}

export interface SegmentMemberRow {
  contactId: string;
  userId: string | null;
  email: string | null;
  enteredAt: Date;
}

/** Current members, most recent entrants first. */
export async function findSegmentMembers(db: Db, segmentId: string, limit: number): Promise<SegmentMemberRow[]> {
  return db
    .select({
      contactId: contacts.id,
      userId: contacts.userId,
      email: contacts.email,
      enteredAt: segmentMemberships.enteredAt,
    })
    .from(segmentMemberships)
    .innerJoin(contacts, eq(contacts.id, segmentMemberships.contactId))
    .where(and(eq(segmentMemberships.segmentId, segmentId), isNull(segmentMemberships.leftAt)))
    .orderBy(desc(segmentMemberships.enteredAt))
    .limit(limit);
}

export async function countSegmentMembers(db: Db | Tx, segmentId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(segmentMemberships)
    .where(and(eq(segmentMemberships.segmentId, segmentId), isNull(segmentMemberships.leftAt)));
  return row?.count ?? 0;
}

export async function insertSizeSnapshot(db: Db | Tx, segmentId: string, size: number): Promise<void> {
  await db.insert(segmentSizeSnapshots).values({ segmentId, size });
}

/** Snapshots taken at or after `since`, oldest first. */
export async function findSizeHistory(
  db: Db,
  segmentId: string,
  since: Date,
): Promise<{ takenAt: Date; size: number }[]> {
  return db
    .select({ takenAt: segmentSizeSnapshots.takenAt, size: segmentSizeSnapshots.size })
    .from(segmentSizeSnapshots)
    .where(and(eq(segmentSizeSnapshots.segmentId, segmentId), gte(segmentSizeSnapshots.takenAt, since)))
    .orderBy(asc(segmentSizeSnapshots.takenAt));
}

/** When each of a workspace's segments was last snapshotted (segments never snapshotted are absent). */
export async function findLastSnapshotTimes(db: Db | Tx, workspaceId: string): Promise<Map<string, Date>> {
  const rows = await db
    .select({ segmentId: segmentSizeSnapshots.segmentId, takenAt: sql<string>`max(${segmentSizeSnapshots.takenAt})` })
    .from(segmentSizeSnapshots)
    .innerJoin(segments, eq(segments.id, segmentSizeSnapshots.segmentId))
    .where(eq(segments.workspaceId, workspaceId))
    .groupBy(segmentSizeSnapshots.segmentId);
  return new Map(rows.map((row) => [row.segmentId, new Date(row.takenAt)]));
}

/** Keys of the workspace's computed traits (segment rules may compare them). */
export async function findComputedTraitKeys(db: Db | Tx, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ key: computedTraits.key })
    .from(computedTraits)
    .where(eq(computedTraits.workspaceId, workspaceId));
  return rows.map((row) => row.key);
}
