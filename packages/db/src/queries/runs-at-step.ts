// The drill-down on a live journey: the active runs standing at one step now (the run row's
// `current_node_id`, moved by the run's own bookkeeping), searchable by the contact's email or
// external id, keyset-paged newest entry first; and the same runs picked for an action.
import { and, count, desc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { contacts, journeyRuns, journeyVersions } from "../schema";
import { afterCursor, cursorTime, decodeCursor, toPage } from "./contact-cursor";

export interface RunsAtStepFilter {
  journeyId: string;
  nodeId: string;
  /** Only runs pinned to this version (node ids repeat across versions). */
  versionId?: string | undefined;
  /** A substring of the contact's email or external id (`userId`). */
  search?: string | undefined;
}

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function atStep(workspaceId: string, filter: RunsAtStepFilter): (SQL | undefined)[] {
  const search = filter.search?.trim();
  return [
    eq(journeyRuns.workspaceId, workspaceId),
    eq(journeyRuns.journeyId, filter.journeyId),
    eq(journeyRuns.status, "active"),
    eq(journeyRuns.currentNodeId, filter.nodeId),
    filter.versionId ? eq(journeyRuns.versionId, filter.versionId) : undefined,
    search ? or(ilike(contacts.email, likePattern(search)), ilike(contacts.userId, likePattern(search))) : undefined,
  ];
}

/** One page of the runs at the step. Throws InvalidCursorError for a cursor it did not return. */
export async function findRunsAtStep(
  db: Db,
  workspaceId: string,
  filter: RunsAtStepFilter & { cursor?: string | null | undefined; limit: number },
) {
  const cursor = decodeCursor(filter.cursor);
  const rows = await db
    .select({
      id: journeyRuns.id,
      contactId: journeyRuns.contactId,
      contactEmail: contacts.email,
      contactUserId: contacts.userId,
      versionId: journeyRuns.versionId,
      version: journeyVersions.version,
      startedAt: journeyRuns.startedAt,
      cursorAt: cursorTime(journeyRuns.startedAt),
    })
    .from(journeyRuns)
    .innerJoin(contacts, eq(contacts.id, journeyRuns.contactId))
    .innerJoin(journeyVersions, eq(journeyVersions.id, journeyRuns.versionId))
    .where(and(...atStep(workspaceId, filter), afterCursor(journeyRuns.startedAt, journeyRuns.id, cursor)))
    .orderBy(desc(journeyRuns.startedAt), desc(journeyRuns.id))
    .limit(filter.limit + 1);
  const page = toPage(rows, filter.limit, (row) => row.id);
  return { items: page.data, nextCursor: page.nextCursor };
}

export async function countRunsAtStep(db: Db, workspaceId: string, filter: RunsAtStepFilter): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(journeyRuns)
    .innerJoin(contacts, eq(contacts.id, journeyRuns.contactId))
    .where(and(...atStep(workspaceId, filter)));
  return row?.total ?? 0;
}

export interface RunToAct {
  id: string;
  workflowId: string;
  versionId: string;
}

/** Up to `limit` runs at the step matching the filter ("all matching"), newest entry first. */
export async function findRunsToActAtStep(
  db: Db,
  workspaceId: string,
  filter: RunsAtStepFilter,
  limit: number,
): Promise<RunToAct[]> {
  return db
    .select({ id: journeyRuns.id, workflowId: journeyRuns.workflowId, versionId: journeyRuns.versionId })
    .from(journeyRuns)
    .innerJoin(contacts, eq(contacts.id, journeyRuns.contactId))
    .where(and(...atStep(workspaceId, filter)))
    .orderBy(desc(journeyRuns.startedAt), desc(journeyRuns.id))
    .limit(limit);
}

/** Of these runs, the ones still active at the step (others moved on or ended meanwhile). */
export async function findChosenRunsAtStep(
  db: Db,
  workspaceId: string,
  filter: RunsAtStepFilter,
  runIds: readonly string[],
): Promise<RunToAct[]> {
  if (runIds.length === 0) return [];
  return db
    .select({ id: journeyRuns.id, workflowId: journeyRuns.workflowId, versionId: journeyRuns.versionId })
    .from(journeyRuns)
    .innerJoin(contacts, eq(contacts.id, journeyRuns.contactId))
    .where(and(...atStep(workspaceId, { ...filter, search: undefined }), inArray(journeyRuns.id, [...runIds])));
}
