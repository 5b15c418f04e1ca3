// Moving a journey's waiting runs to a newly published version (core/journeys/migrate-runs.ts):
// where the runs of a version wait now, the migration record and its per-run items, the pages
// the sender signals, and the settlement the workflow writes when it has acted.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { journeyRuns, journeyVersions, runMigrationItems, runMigrations, type RunMigrationMapping } from "../schema";

export type RunMigrationItemStatus = (typeof runMigrationItems.$inferSelect)["status"];
export type RunMigration = typeof runMigrations.$inferSelect;

/** Active runs of one version by the step they are on (`current_node_id`; null: not started a step yet). */
export async function countWaitingRunsByStep(
  db: Db | Tx,
  journeyId: string,
  versionId: string,
): Promise<{ stepId: string | null; count: number }[]> {
  return db
    .select({ stepId: journeyRuns.currentNodeId, count: sql<number>`count(*)::int` })
    .from(journeyRuns)
    .where(
      and(eq(journeyRuns.journeyId, journeyId), eq(journeyRuns.versionId, versionId), eq(journeyRuns.status, "active")),
    )
    .groupBy(journeyRuns.currentNodeId);
}

/** One version's number and plan, or null. */
export async function findVersionWithPlan(db: Db | Tx, versionId: string) {
  const [row] = await db
    .select({ id: journeyVersions.id, version: journeyVersions.version, plan: journeyVersions.plan })
    .from(journeyVersions)
    .where(eq(journeyVersions.id, versionId))
    .limit(1);
  return row ?? null;
}

/** The id of a journey's version by its number, or null. */
export async function findVersionIdByNumber(db: Db | Tx, journeyId: string, version: number): Promise<string | null> {
  const [row] = await db
    .select({ id: journeyVersions.id })
    .from(journeyVersions)
    .where(and(eq(journeyVersions.journeyId, journeyId), eq(journeyVersions.version, version)))
    .limit(1);
  return row?.id ?? null;
}

/**
 * Records a migration and one pending item per active run of `fromVersionId`, in the caller's
 * transaction (the publish that makes `toVersionId` live). Returns the migration and its run count.
 */
export async function insertRunMigration(
  tx: Tx,
  input: {
    workspaceId: string;
    journeyId: string;
    fromVersionId: string;
    toVersionId: string;
    mapping: RunMigrationMapping;
  },
): Promise<{ migration: RunMigration; runs: number }> {
  const [migration] = await tx.insert(runMigrations).values(input).returning();
  if (!migration) throw new Error("insert into run_migrations returned no row");
  const items = await tx.execute<{ run_id: string }>(sql`
    insert into ${runMigrationItems} (migration_id, run_id, workflow_id, from_step_id)
    select ${migration.id}, ${journeyRuns.id}, ${journeyRuns.workflowId}, ${journeyRuns.currentNodeId}
    from ${journeyRuns}
    where ${journeyRuns.journeyId} = ${input.journeyId}
      and ${journeyRuns.versionId} = ${input.fromVersionId}
      and ${journeyRuns.status} = 'active'
    returning run_id`);
  return { migration, runs: items.rows.length };
}

export async function findRunMigration(db: Db | Tx, workspaceId: string, migrationId: string) {
  const [row] = await db
    .select()
    .from(runMigrations)
    .where(and(eq(runMigrations.workspaceId, workspaceId), eq(runMigrations.id, migrationId)))
    .limit(1);
  return row ?? null;
}

/** The journey's newest migration, or null. */
export async function findLatestRunMigration(db: Db | Tx, workspaceId: string, journeyId: string) {
  const [row] = await db
    .select()
    .from(runMigrations)
    .where(and(eq(runMigrations.workspaceId, workspaceId), eq(runMigrations.journeyId, journeyId)))
    .orderBy(sql`${runMigrations.createdAt} desc`)
    .limit(1);
  return row ?? null;
}

/** The next page of pending items not signalled yet, in a stable order. */
export async function findUnsignalledItems(
  db: Db | Tx,
  migrationId: string,
  limit: number,
): Promise<{ runId: string; workflowId: string }[]> {
  return db
    .select({ runId: runMigrationItems.runId, workflowId: runMigrationItems.workflowId })
    .from(runMigrationItems)
    .where(
      and(
        eq(runMigrationItems.migrationId, migrationId),
        eq(runMigrationItems.status, "pending"),
        isNull(runMigrationItems.signalledAt),
      ),
    )
    .orderBy(asc(runMigrationItems.runId))
    .limit(limit);
}

export async function markItemsSignalled(db: Db | Tx, migrationId: string, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  await db
    .update(runMigrationItems)
    .set({ signalledAt: new Date() })
    .where(
      and(
        eq(runMigrationItems.migrationId, migrationId),
        sql`${runMigrationItems.runId} = any(${sql.param([...runIds])}::uuid[])`,
      ),
    );
}

/** Items whose run has no open workflow: nothing can move them. Only pending items change. */
export async function markItemsFailed(
  db: Db | Tx,
  migrationId: string,
  runIds: readonly string[],
  detail: string,
): Promise<void> {
  if (runIds.length === 0) return;
  await db
    .update(runMigrationItems)
    .set({ status: "failed", detail, settledAt: new Date() })
    .where(
      and(
        eq(runMigrationItems.migrationId, migrationId),
        eq(runMigrationItems.status, "pending"),
        sql`${runMigrationItems.runId} = any(${sql.param([...runIds])}::uuid[])`,
      ),
    );
}

/**
 * What the run's workflow did with the migration. A moved run's row points at the new version
 * and step in the same transaction. Only a pending item settles, so a retried activity is a no-op.
 */
export async function settleRunMigrationItem(
  db: Db,
  input: {
    migrationId: string;
    runId: string;
    status: Exclude<RunMigrationItemStatus, "pending" | "failed">;
    detail: string;
    moveTo?: { versionId: string; stepId: string };
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    const settled = await tx
      .update(runMigrationItems)
      .set({ status: input.status, detail: input.detail, settledAt: new Date() })
      .where(
        and(
          eq(runMigrationItems.migrationId, input.migrationId),
          eq(runMigrationItems.runId, input.runId),
          eq(runMigrationItems.status, "pending"),
        ),
      )
      .returning({ runId: runMigrationItems.runId });
    if (settled.length === 0 || !input.moveTo) return;
    await tx
      .update(journeyRuns)
      .set({ versionId: input.moveTo.versionId, currentNodeId: input.moveTo.stepId })
      .where(and(eq(journeyRuns.id, input.runId), eq(journeyRuns.status, "active")));
  });
}

/**
 * Migrations with pending runs not signalled yet whose sender has gone quiet: nothing was marked
 * sent (nor the migration created) since `quietSince` — its process died or Temporal was down.
 */
export async function findMigrationsWithUnsentSignals(
  db: Db | Tx,
  quietSince: Date,
): Promise<{ id: string; workspaceId: string }[]> {
  const lastActivity = sql`greatest(${runMigrations.createdAt}, max(${runMigrationItems.signalledAt}))`;
  return db
    .select({ id: runMigrations.id, workspaceId: runMigrations.workspaceId })
    .from(runMigrations)
    .innerJoin(runMigrationItems, eq(runMigrationItems.migrationId, runMigrations.id))
    .groupBy(runMigrations.id)
    .having(
      sql`${lastActivity} < ${quietSince.toISOString()} and bool_or(${runMigrationItems.status} = 'pending' and ${runMigrationItems.signalledAt} is null)`,
    );
}

/** Items of a migration by status, plus how many were signalled. */
export async function countRunMigrationItems(
  db: Db | Tx,
  migrationId: string,
): Promise<{ status: RunMigrationItemStatus; count: number; signalled: number }[]> {
  return db
    .select({
      status: runMigrationItems.status,
      count: sql<number>`count(*)::int`,
      signalled: sql<number>`count(${runMigrationItems.signalledAt})::int`,
    })
    .from(runMigrationItems)
    .where(eq(runMigrationItems.migrationId, migrationId))
    .groupBy(runMigrationItems.status);
}
