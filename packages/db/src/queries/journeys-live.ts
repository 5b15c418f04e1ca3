// What the dispatcher needs from journeys: the live versions an event can trigger, the
// idempotent creation of the run row a `journeyRun` workflow belongs to (under the journey's
// re-entry rules), skipped entries, and the lock that orders run starts against pause/archive.
import type { Plan } from "@mailstream/journey/plan";
import type { ReentryPolicy } from "@mailstream/journey/schema";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { journeyEntrySkips, journeyRuns, journeys, journeyVersions } from "../schema/index";

export interface TriggerableJourney {
  journeyId: string;
  workspaceId: string;
  versionId: string;
  plan: Plan;
  /** `paused` journeys are returned too so their skipped entries can be counted; only `live` ones start runs. */
  status: "live" | "paused";
}

/**
 * Live and paused journeys with their live version's plan, narrowed by these conditions: the
 * one select behind every "which journeys does this trigger start" question (events, segments).
 */
export async function findLiveOrPausedJourneys(db: Db | Tx, ...conditions: SQL[]): Promise<TriggerableJourney[]> {
  return db
    .select({
      journeyId: journeys.id,
      workspaceId: journeys.workspaceId,
      versionId: journeyVersions.id,
      plan: journeyVersions.plan,
      status: sql<"live" | "paused">`${journeys.status}`,
    })
    .from(journeys)
    .innerJoin(journeyVersions, eq(journeyVersions.id, journeys.liveVersionId))
    .where(and(inArray(journeys.status, ["live", "paused"]), ...conditions));
}

export interface RunRef {
  id: string;
  versionId: string;
  /** False when the row already existed (a retried dispatch). */
  isNew: boolean;
}

/** The run row a `journeyRun` workflow belongs to, as the dispatcher writes it. */
export interface RunRowInput {
  workspaceId: string;
  journeyId: string;
  versionId: string;
  contactId: string;
  workflowId: string;
  triggerEventId: string;
  entryKey?: string | null;
}

/**
 * Creates the run row for a workflow id, or returns the existing one. On a retry the
 * existing row wins, including its pinned version: the caller must start the workflow
 * with that version's plan, not whatever is live now.
 */
export async function insertJourneyRunOnce(db: Db | Tx, input: RunRowInput): Promise<RunRef> {
  const [created] = await db
    .insert(journeyRuns)
    .values(input)
    .onConflictDoNothing({ target: journeyRuns.workflowId })
    .returning({ id: journeyRuns.id, versionId: journeyRuns.versionId });
  if (created) return { ...created, isNew: true };
  const existing = await findRunOfWorkflow(db, input.workflowId);
  if (!existing) throw new Error(`Run ${input.workflowId} neither inserted nor found`);
  return { id: existing.id, versionId: existing.versionId, isNew: false };
}

/** The run row written under this workflow id (unique in the table), if any. */
async function findRunOfWorkflow(
  db: Db | Tx,
  workflowId: string,
): Promise<{ id: string; versionId: string; triggerEventId: string | null } | null> {
  const [row] = await db
    .select({ id: journeyRuns.id, versionId: journeyRuns.versionId, triggerEventId: journeyRuns.triggerEventId })
    .from(journeyRuns)
    .where(eq(journeyRuns.workflowId, workflowId));
  return row ?? null;
}

/** The run row a previous dispatch of this very event wrote under this workflow id, if any. */
export async function findRunOfEvent(db: Db | Tx, workflowId: string, eventId: string): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: journeyRuns.id })
    .from(journeyRuns)
    .where(and(eq(journeyRuns.workflowId, workflowId), eq(journeyRuns.triggerEventId, eventId)));
  return row ?? null;
}

export async function findVersionPlan(db: Db | Tx, versionId: string): Promise<Plan | null> {
  const [row] = await db
    .select({ plan: journeyVersions.plan })
    .from(journeyVersions)
    .where(eq(journeyVersions.id, versionId));
  return row?.plan ?? null;
}

/** A run whose workflow Temporal refused to start: it ends as failed so metrics do not count it active. */
export async function markRunFailedToStart(db: Db | Tx, runId: string): Promise<void> {
  await db
    .update(journeyRuns)
    .set({ status: "failed", endedAt: sql`now()` })
    .where(and(eq(journeyRuns.id, runId), eq(journeyRuns.status, "active")));
}

export type EntryRuleSkip = "once" | "once_at_a_time" | "cooldown";

/** A run attempt: the run row to write and the re-entry rules that decide whether it may be written. */
export interface EntryAttempt extends RunRowInput {
  entryKey: string | null;
  reentry: ReentryPolicy;
  cooldownMs: number | null;
}

export type EntryOutcome = { entered: true; run: RunRef } | { entered: false; reason: EntryRuleSkip };

/**
 * Creates the run row if the journey's re-entry policy and cooldown let this contact (and
 * entry-key value) in. Race safety: every entry decision for one (journey, contact, key)
 * runs under a transaction-scoped advisory lock on that triple, so two dispatchers handling
 * two events of the same contact see each other's committed row — the equivalent of a
 * partial unique index, but valid for cooldowns and for runs of older versions too. `once`
 * entries additionally share one workflow id, unique in the table and in Temporal.
 * A retried event (its workflow id already has a row for this very event) is always let
 * through so the crashed start can finish. The cooldown counts from the last entry's
 * `started_at` against the database clock at decision time.
 */
export async function enterJourneyRun(db: Db, attempt: EntryAttempt): Promise<EntryOutcome> {
  const { reentry, cooldownMs, ...row } = attempt;
  if (reentry === "every_time" && cooldownMs === null)
    return { entered: true, run: await insertJourneyRunOnce(db, row) };
  return db.transaction(async (tx) => {
    const lockKey = `entry:${attempt.journeyId}:${attempt.contactId}:${attempt.entryKey ?? ""}`;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`);
    const same = await findRunOfWorkflow(tx, attempt.workflowId);
    if (same) {
      if (same.triggerEventId === attempt.triggerEventId)
        return { entered: true, run: { id: same.id, versionId: same.versionId, isNew: false } };
      return { entered: false, reason: "once" };
    }
    const cooldownStart = cooldownMs === null ? null : sql`now() - make_interval(secs => ${cooldownMs / 1000})`;
    const [prior] = await tx
      .select({
        hasAny: sql<boolean>`count(*) > 0`,
        hasActive: sql<boolean>`coalesce(bool_or(${journeyRuns.status} = 'active'), false)`,
        isCooling: cooldownStart
          ? sql<boolean>`coalesce(max(${journeyRuns.startedAt}) > ${cooldownStart}, false)`
          : sql<boolean>`false`,
      })
      .from(journeyRuns)
      .where(
        and(
          eq(journeyRuns.journeyId, attempt.journeyId),
          eq(journeyRuns.contactId, attempt.contactId),
          sql`${journeyRuns.entryKey} is not distinct from ${attempt.entryKey}`,
        ),
      );
    if (reentry === "once" && prior?.hasAny) return { entered: false, reason: "once" };
    if (reentry === "once_at_a_time" && prior?.hasActive) return { entered: false, reason: "once_at_a_time" };
    if (prior?.isCooling) return { entered: false, reason: "cooldown" };
    return { entered: true, run: await insertJourneyRunOnce(tx, row) };
  });
}

/** Records why a matching trigger event did not enter; a retried dispatch records it once. */
export async function recordEntrySkip(
  db: Db | Tx,
  input: {
    workspaceId: string;
    journeyId: string;
    versionId: string | null;
    contactId: string;
    eventId: string;
    reason: string;
    entryKey: string | null;
  },
): Promise<void> {
  await db
    .insert(journeyEntrySkips)
    .values(input)
    .onConflictDoNothing({ target: [journeyEntrySkips.journeyId, journeyEntrySkips.eventId] });
}

/** Skipped entries of a journey by reason, most frequent first. */
export async function countEntrySkips(db: Db, journeyId: string): Promise<{ reason: string; count: number }[]> {
  return db
    .select({ reason: journeyEntrySkips.reason, count: sql<number>`count(*)::int` })
    .from(journeyEntrySkips)
    .where(eq(journeyEntrySkips.journeyId, journeyId))
    .groupBy(journeyEntrySkips.reason)
    .orderBy(sql`count(*) desc`);
}

export async function endRunBeforeStart(db: Db | Tx, runId: string, reason: string): Promise<void> {
  await db
    .update(journeyRuns)
    .set({ status: "exited", endedAt: sql`now()`, endReason: reason, currentNodeId: null })
    .where(and(eq(journeyRuns.id, runId), eq(journeyRuns.status, "active")));
}

/** The contact's active runs on these versions (the contact index keeps it to a handful of rows). */
export async function findActiveRunsOfContact(
  db: Db | Tx,
  contactId: string,
  versionIds: readonly string[],
): Promise<{ id: string; workflowId: string; versionId: string }[]> {
  if (versionIds.length === 0) return [];
  return db
    .select({ id: journeyRuns.id, workflowId: journeyRuns.workflowId, versionId: journeyRuns.versionId })
    .from(journeyRuns)
    .where(
      and(
        eq(journeyRuns.contactId, contactId),
        eq(journeyRuns.status, "active"),
        inArray(journeyRuns.versionId, [...versionIds]),
      ),
    );
}
