// Segment use cases behind the `segments` router: list with live counts, read, create and
// update (validated against the workspace's other segments, then evaluated for every contact
// so the count is right at once), delete (refused while journeys or segments use it), a
// sample of members, and size over time.
import type { Db } from "@mailstream/db/client";
import { findJourneysUsingSegment } from "@mailstream/db/queries/segment-triggers";
import {
  countSegmentMembers,
  deleteSegment,
  findComputedTraitKeys,
  findSegmentById,
  findSegmentByName,
  findSegmentMembers,
  findSizeHistory,
  findWorkspaceSegments,
  insertSegment,
  insertSizeSnapshot,
  listSegments,
  updateSegment,
  type SegmentRecord,
} from "@mailstream/db/queries/segments";
import {
  referencedSegmentIds,
  validateSegmentDefinition,
  type SegmentDefinition,
} from "@mailstream/journey/segment-definition";
import { isTimeBasedDefinition, withDependants } from "@mailstream/journey/segment-evaluate";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit, summarizeChanges } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { evaluateWorkspaceContacts } from "./sweep";

function notFound(segmentId: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, `Segment ${segmentId} does not exist in this workspace.`);
}

async function checkDefinition(
  db: Db,
  workspaceId: string,
  definition: SegmentDefinition,
  segmentId?: string,
): Promise<SegmentRecord[]> {
  const all = await findWorkspaceSegments(db, workspaceId);
  const others = new Map(
    all.filter((s) => s.id !== segmentId).map((s) => [s.id, { name: s.name, definition: s.definition }]),
  );
  const computedTraitKeys = new Set(await findComputedTraitKeys(db, workspaceId));
  const issues = validateSegmentDefinition(definition, { segmentId, segments: others, computedTraitKeys });
  if (issues.length > 0) {
    const text = issues
      .map((issue) =>
        issue.where ? `${issue.where[0]?.toUpperCase()}${issue.where.slice(1)}: ${issue.message}` : issue.message,
      )
      .join("; ");
    throw new AppError(AppErrorCode.INVALID_INPUT, `The segment definition is not valid: ${text}`);
  }
  return all;
}

async function checkNameFree(db: Db, workspaceId: string, name: string, segmentId?: string): Promise<void> {
  const existing = await findSegmentByName(db, workspaceId, name);
  if (existing && existing.id !== segmentId)
    throw new AppError(AppErrorCode.CONFLICT, `A segment named "${name}" already exists; choose another name.`);
}

export async function listWorkspaceSegments(db: Db, workspaceId: string) {
  const rows = await listSegments(db, workspaceId);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    memberCount: row.memberCount,
    isTimeBased: isTimeBasedDefinition(row.definition),
    updatedAt: row.updatedAt,
  }));
}

export async function getSegment(db: Db, workspaceId: string, segmentId: string) {
  const segment = await findSegmentById(db, workspaceId, segmentId);
  if (!segment) throw notFound(segmentId);
  return { ...segment, isTimeBased: isTimeBasedDefinition(segment.definition) };
}

export async function createSegment(
  db: Db,
  workspaceId: string,
  input: { name: string; definition: SegmentDefinition },
  audit?: AuditContext | null,
) {
  await checkNameFree(db, workspaceId, input.name);
  await checkDefinition(db, workspaceId, input.definition);
  const segment = await db.transaction(async (tx) => {
    const inserted = await insertSegment(tx, { workspaceId, name: input.name, definition: input.definition });
    await recordAudit(tx, {
      context: audit,
      action: "segment.create",
      target: { type: "segment", id: inserted.id, label: inserted.name },
    });
    return inserted;
  });
  // Backfill: the segment is right for every existing contact before the call returns.
  await evaluateWorkspaceContacts(db, { workspaceId, segments: [segment] });
  // The size chart starts at creation, not at the first scheduled snapshot.
  await insertSizeSnapshot(db, segment.id, await countSegmentMembers(db, segment.id));
  return getSegment(db, workspaceId, segment.id);
}

export async function saveSegment(
  db: Db,
  workspaceId: string,
  segmentId: string,
  input: { name?: string; definition?: SegmentDefinition },
  audit?: AuditContext | null,
) {
  const current = await findSegmentById(db, workspaceId, segmentId);
  if (!current) throw notFound(segmentId);
  if (input.name !== undefined) await checkNameFree(db, workspaceId, input.name, segmentId);
  if (input.definition) await checkDefinition(db, workspaceId, input.definition, segmentId);
  await db.transaction(async (tx) => {
    const updated = await updateSegment(tx, workspaceId, segmentId, input);
    if (!updated) throw notFound(segmentId);
    await recordAudit(tx, {
      context: audit,
      action: "segment.edit",
      target: { type: "segment", id: segmentId, label: input.name ?? current.name },
      changes: summarizeChanges(current, input, {
        fields: (["name", "definition"] as const).filter((field) => input[field] !== undefined),
        publicFields: ["name"],
      }),
    });
  });
  if (input.definition) {
    // Members change with the definition, and so may the segments that refer to this one.
    const all = await findWorkspaceSegments(db, workspaceId);
    await evaluateWorkspaceContacts(db, { workspaceId, segments: withDependants(all, new Set([segmentId])) });
    await insertSizeSnapshot(db, segmentId, await countSegmentMembers(db, segmentId));
  }
  return getSegment(db, workspaceId, segmentId);
}

export async function removeSegment(db: Db, workspaceId: string, segmentId: string, audit?: AuditContext | null) {
  const all = await findWorkspaceSegments(db, workspaceId);
  const segment = all.find((s) => s.id === segmentId);
  if (!segment) throw notFound(segmentId);
  const dependants = all
    .filter((s) => referencedSegmentIds(s.definition).includes(segmentId))
    .map((s) => `"${s.name}"`);
  if (dependants.length > 0) {
    throw new AppError(
      AppErrorCode.PRECONDITION_FAILED,
      `Segment ${dependants.join(", ")} ${dependants.length === 1 ? "refers" : "refer"} to this segment; change ${dependants.length === 1 ? "it" : "them"} first.`,
    );
  }
  const journeys = await findJourneysUsingSegment(db, workspaceId, segmentId);
  if (journeys.length > 0) {
    const names = journeys.map((name) => `"${name}"`).join(", ");
    throw new AppError(
      AppErrorCode.PRECONDITION_FAILED,
      `Journey ${names} uses this segment; remove it there (or archive the journey) first.`,
    );
  }
  await db.transaction(async (tx) => {
    if (!(await deleteSegment(tx, workspaceId, segmentId))) throw notFound(segmentId);
    await recordAudit(tx, {
      context: audit,
      action: "segment.delete",
      target: { type: "segment", id: segmentId, label: segment.name },
    });
  });
  return { deleted: true as const };
}

export async function listSegmentMembers(db: Db, workspaceId: string, segmentId: string, limit: number) {
  const segment = await findSegmentById(db, workspaceId, segmentId);
  if (!segment) throw notFound(segmentId);
  return { total: segment.memberCount, members: await findSegmentMembers(db, segmentId, limit) };
}

/** Snapshots over the last `days`, ending with the live count now. */
export async function segmentSizeHistory(db: Db, workspaceId: string, segmentId: string, days: number) {
  const segment = await findSegmentById(db, workspaceId, segmentId);
  if (!segment) throw notFound(segmentId);
  const points = await findSizeHistory(db, segmentId, new Date(Date.now() - days * 86_400_000));
  return [...points, { takenAt: new Date(), size: segment.memberCount }];
}
