// What the dispatcher needs from journeys: the live versions an event can trigger, and
// the idempotent creation of the run row a `journeyRun` workflow belongs to.
import type { Plan } from "@mailstream/journey/plan";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { journeyRuns, journeys, journeyVersions } from "../schema/index";

export interface TriggerableJourney {
  journeyId: string;
  workspaceId: string;
  versionId: string;
  plan: Plan;
}

/**
 * Live journeys of these workspaces whose plan is triggered by one of these event names.
 * The trigger name is matched in SQL so only relevant plans cross the wire.
 */
export async function findTriggerableJourneys(
  db: Db | Tx,
  input: { workspaceIds: readonly string[]; eventNames: readonly string[] },
): Promise<TriggerableJourney[]> {
  if (input.workspaceIds.length === 0 || input.eventNames.length === 0) return [];
  return db
    .select({
      journeyId: journeys.id,
      workspaceId: journeys.workspaceId,
      versionId: journeyVersions.id,
      plan: journeyVersions.plan,
    })
    .from(journeys)
    .innerJoin(journeyVersions, eq(journeyVersions.id, journeys.liveVersionId))
    .where(
      and(
        eq(journeys.status, "live"),
        inArray(journeys.workspaceId, [...input.workspaceIds]),
        inArray(sql<string>`${journeyVersions.plan}->'trigger'->>'event'`, [...input.eventNames]),
      ),
    );
}

export interface RunRef {
  id: string;
  versionId: string;
  /** False when the row already existed (a retried dispatch). */
  isNew: boolean;
}

/**
 * Creates the run row for a workflow id, or returns the existing one. On a retry the
 * existing row wins, including its pinned version: the caller must start the workflow
 * with that version's plan, not whatever is live now.
 */
export async function insertJourneyRunOnce(
  db: Db | Tx,
  input: { workspaceId: string; journeyId: string; versionId: string; contactId: string; workflowId: string; triggerEventId: string },
): Promise<RunRef> {
  const [created] = await db
    .insert(journeyRuns)
    .values(input)
    .onConflictDoNothing({ target: journeyRuns.workflowId })
    .returning({ id: journeyRuns.id, versionId: journeyRuns.versionId });
  if (created) return { ...created, isNew: true };
  const [existing] = await db
    .select({ id: journeyRuns.id, versionId: journeyRuns.versionId })
    .from(journeyRuns)
    .where(eq(journeyRuns.workflowId, input.workflowId));
  if (!existing) throw new Error(`Run ${input.workflowId} neither inserted nor found`);
  return { ...existing, isNew: false };
}

export async function findVersionPlan(db: Db | Tx, versionId: string): Promise<Plan | null> {
  const [row] = await db.select({ plan: journeyVersions.plan }).from(journeyVersions).where(eq(journeyVersions.id, versionId));
  return row?.plan ?? null;
}

/** A run whose workflow Temporal refused to start: it ends as failed so metrics do not count it active. */
export async function markRunFailedToStart(db: Db | Tx, runId: string): Promise<void> {
  await db
    .update(journeyRuns)
    .set({ status: "failed", endedAt: sql`now()` })
    .where(and(eq(journeyRuns.id, runId), eq(journeyRuns.status, "active")));
}
