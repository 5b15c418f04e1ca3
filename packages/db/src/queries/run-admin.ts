// Journey runs for the Runs page: a filtered, keyset-paged list (newest first) with the
// contact and version each run is on, one run with its step log, and ending a run by hand
// (lock it, then end it when its workflow is already gone).
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { contacts, journeyRuns, journeys, journeyVersions, runSteps } from "../schema";
import { afterCursor, cursorTime, decodeCursor, toPage } from "./contact-cursor";

export { InvalidCursorError } from "./contact-cursor";

export type RunStatus = (typeof journeyRuns.$inferSelect)["status"];

export interface RunListFilter {
  journeyId?: string;
  contactId?: string;
  status?: RunStatus;
  versionId?: string;
  cursor?: string | null;
  limit: number;
}

const runColumns = {
  id: journeyRuns.id,
  journeyId: journeyRuns.journeyId,
  journeyName: journeys.name,
  contactId: journeyRuns.contactId,
  contactEmail: contacts.email,
  contactUserId: contacts.userId,
  versionId: journeyRuns.versionId,
  version: journeyVersions.version,
  status: journeyRuns.status,
  currentNodeId: journeyRuns.currentNodeId,
  entryKey: journeyRuns.entryKey,
  startedAt: journeyRuns.startedAt,
  endedAt: journeyRuns.endedAt,
  endReason: journeyRuns.endReason,
  convertedAt: journeyRuns.convertedAt,
};

/** Throws InvalidCursorError for a cursor this function did not return. */
export async function findRuns(db: Db, workspaceId: string, filter: RunListFilter) {
  const cursor = decodeCursor(filter.cursor);
  const conditions: (SQL | undefined)[] = [
    eq(journeyRuns.workspaceId, workspaceId),
    filter.journeyId ? eq(journeyRuns.journeyId, filter.journeyId) : undefined,
    filter.contactId ? eq(journeyRuns.contactId, filter.contactId) : undefined,
    filter.status ? eq(journeyRuns.status, filter.status) : undefined,
    filter.versionId ? eq(journeyRuns.versionId, filter.versionId) : undefined,
    afterCursor(journeyRuns.startedAt, journeyRuns.id, cursor),
  ];
  const rows = await db
    .select({ ...runColumns, cursorAt: cursorTime(journeyRuns.startedAt) })
    .from(journeyRuns)
    .innerJoin(contacts, eq(contacts.id, journeyRuns.contactId))
    .innerJoin(journeys, eq(journeys.id, journeyRuns.journeyId))
    .innerJoin(journeyVersions, eq(journeyVersions.id, journeyRuns.versionId))
    .where(and(...conditions))
    .orderBy(desc(journeyRuns.startedAt), desc(journeyRuns.id))
    .limit(filter.limit + 1);
  const page = toPage(rows, filter.limit, (row) => row.id);
  return { items: page.data, nextCursor: page.nextCursor };
}

/** One run of the workspace with its workflow id and trigger, or null. */
export async function findRunInWorkspace(db: Db, workspaceId: string, runId: string) {
  const [row] = await db
    .select({ ...runColumns, workflowId: journeyRuns.workflowId, triggerEventId: journeyRuns.triggerEventId })
    .from(journeyRuns)
    .innerJoin(contacts, eq(contacts.id, journeyRuns.contactId))
    .innerJoin(journeys, eq(journeys.id, journeyRuns.journeyId))
    .innerJoin(journeyVersions, eq(journeyVersions.id, journeyRuns.versionId))
    .where(and(eq(journeyRuns.workspaceId, workspaceId), eq(journeyRuns.id, runId)));
  return row ?? null;
}

/** The run's step log in order, as the UI shows it. */
export async function findRunStepLog(db: Db, runId: string) {
  return db
    .select({
      seq: runSteps.seq,
      nodeId: runSteps.nodeId,
      kind: runSteps.kind,
      outcome: runSteps.outcome,
      detail: runSteps.detail,
      at: runSteps.at,
    })
    .from(runSteps)
    .where(eq(runSteps.runId, runId))
    .orderBy(runSteps.seq);
}

/**
 * Locks a run row for ending it from the UI. A start holds a share lock on the row while it
 * starts the workflow, so once this returns the workflow either exists (a signal reaches it)
 * or will never be started if the caller ends the row in the same transaction.
 */
export async function lockRunForEnd(tx: Tx, runId: string): Promise<{ status: RunStatus; workflowId: string } | null> {
  const [row] = await tx
    .select({ status: journeyRuns.status, workflowId: journeyRuns.workflowId })
    .from(journeyRuns)
    .where(eq(journeyRuns.id, runId))
    .for("update");
  return row ?? null;
}

/** Ends an active run whose workflow does not exist (never started, or lost). Returns whether this call ended it. */
export async function endRunWithoutWorkflow(db: Db | Tx, runId: string, reason: string): Promise<boolean> {
  const ended = await db
    .update(journeyRuns)
    .set({ status: "exited", endedAt: new Date(), endReason: reason, currentNodeId: null })
    .where(and(eq(journeyRuns.id, runId), eq(journeyRuns.status, "active")))
    .returning({ id: journeyRuns.id });
  return ended.length > 0;
}
