// Republish with "move to the new version" on 100 real waiting runs: real workers interpret the
// plans, so this proves tRPC → review → publishWithPlan → paged signals → each journeyRun
// continuing-as-new on the new plan at the mapped step → the next email of the new version sent,
// none lost or doubled. A mapping to a step of the wrong kind is refused with nothing moved.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { dispatchBatch } from "@mailstream/core/dispatch/dispatch-batch";
import { sendUnsentRunMigrationSignals } from "@mailstream/core/journeys/migrate-runs";
import { upsertContactFromIdentify } from "@mailstream/db/queries/contacts";
import { insertEventsOnce } from "@mailstream/db/queries/events";
import { auditLog, journeyRuns, journeyVersions, messages, runMigrations, runSteps } from "@mailstream/db/schema";
import { catchTRPCError, createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { buildLinearGraph, createTemplateFixture, waitFor } from "@mailstream/testing/workspace-fixtures";
import { journeyWorkersTest, type JourneyWorkers } from "@mailstream/testing/journey-workers";
import { keepHistory } from "@mailstream/testing/temporal-workers";

const db = testDb();
const RUNS = 100;

journeyWorkersTest.override({ journeyWorkersOptions: { label: "migrate", quietRuntime: true } });

async function enterMany(stack: JourneyWorkers, workspaceId: string, count: number) {
  for (let i = 0; i < count; i++) {
    const email = `mover-${i}@mailstream.test`;
    await upsertContactFromIdentify(db, {
      workspaceId,
      userId: `mover-${i}`,
      traits: { email },
      email,
      timezone: null,
    });
  }
  const timestamp = new Date();
  await insertEventsOnce(
    db,
    Array.from({ length: count }, (_, i) => ({
      workspaceId,
      messageId: randomUUID(),
      type: "track" as const,
      userId: `mover-${i}`,
      event: "signed_up",
      properties: {},
      timestamp,
    })),
  );
  for (let more = true; more;) {
    const result = await dispatchBatch({
      db,
      temporal: stack.temporal,
      workspaceIds: [workspaceId],
      taskQueue: stack.taskQueues.journeys,
      runOptions: { emailTaskQueue: stack.taskQueues.email },
    });
    more = result.hasMore === true;
  }
}

async function runsOf(journeyId: string) {
  return db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journeyId));
}

journeyWorkersTest(
  `republish moves ${RUNS} waiting runs to the new version, each once, and they continue there`,
  // About 20 s on an idle machine; the limits only catch a hang, so they leave room for a
  // loaded one (another heavy file beside it on two shared cores).
  { timeout: 300_000 },
  async ({ stack }) => {
    const { workspace, caller } = await createWorkspaceCaller();
    const { workspaceId } = workspace;
    const templateId = await createTemplateFixture(db, workspaceId, "Welcome v2", "Welcome (v2)");
    const { id: journeyId } = await caller.journeys.create({ name: "Mover" });
    const v1 = await caller.journeys.publish({
      journeyId,
      graph: buildLinearGraph("signed_up", [{ kind: "wait", seconds: 3600 }, { kind: "exit" }]),
    });
    await enterMany(stack, workspaceId, RUNS);
    await waitFor(`${RUNS} runs waiting`, async () => {
      const runs = await runsOf(journeyId);
      return runs.length === RUNS && runs.every((run) => run.currentNodeId === "wait-1");
    });

    // v2: the same wait (now 1 s), then an email: wait-1 keeps its id, so it maps by default.
    const v2Graph = buildLinearGraph("signed_up", [
      { kind: "wait", seconds: 1 },
      { kind: "email", templateId },
      { kind: "exit" },
    ]);
    const review = await caller.journeys.republishReview({ journeyId, graph: v2Graph });
    expect(review).toMatchObject({ liveVersion: { id: v1.versionId, version: 1 }, activeRuns: RUNS, entering: 0 });
    expect(review.steps).toEqual([
      {
        stepId: "wait-1",
        kind: "wait",
        label: expect.stringMatching(/^Wait · /),
        waiting: RUNS,
        defaultTarget: "wait-1",
      },
      { stepId: "exit-2", kind: "exit", label: "Exit", waiting: 0, defaultTarget: null },
    ]);
    expect(review.targets.map((target) => target.stepId).sort()).toEqual(["email-2", "wait-1"]);

    // Wrong kinds are refused, naming the step, before anything is written or sent.
    for (const [to, words] of [
      ["exit-3", 'Step "wait-1" maps to "exit-3" (kind: exit), which cannot hold a waiting contact'],
      ["trigger", 'Step "wait-1" cannot move to the trigger "trigger"'],
    ] as const) {
      const error = await catchTRPCError(() =>
        caller.journeys.publishWithPlan({
          journeyId,
          graph: v2Graph,
          runs: { mode: "move", mapping: { "wait-1": { to } } },
        }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toContain(words);
    }
    const versions = await db.select().from(journeyVersions).where(eq(journeyVersions.journeyId, journeyId));
    expect(versions).toHaveLength(1);
    expect(await db.select().from(runMigrations).where(eq(runMigrations.journeyId, journeyId))).toHaveLength(0);
    expect((await runsOf(journeyId)).every((run) => run.versionId === v1.versionId)).toBe(true);

    // One run's execution before the move, kept for journey-run-replay.test.ts (signal, marker, continue-as-new).
    const [sample] = await runsOf(journeyId);
    const sampleRunId = (await stack.temporal.workflow.getHandle(sample!.workflowId).describe()).runId;

    const started = Date.now();
    const published = await caller.journeys.publishWithPlan({
      journeyId,
      graph: v2Graph,
      runs: { mode: "move", mapping: {} },
    });
    expect(published).toMatchObject({ version: 2, migration: { signalsInterrupted: false } });
    const migrationId = published.migration?.id as string;
    const progress = await waitFor(
      "every run moved",
      async () => {
        const now = await caller.journeys.migrationProgress({ journeyId });
        return now?.isDone ? now : null;
      },
      120_000,
    );
    const movedMs = Date.now() - started;
    expect(progress).toMatchObject({ migrationId, total: RUNS, signalled: RUNS, moved: RUNS, ended: 0, failed: 0 });

    // Each run continues on v2 and sends v2's email exactly once.
    await waitFor(
      "every moved run completed",
      async () => {
        const runs = await runsOf(journeyId);
        return runs.every((run) => run.status === "completed") ? runs : null;
      },
      120_000,
    );
    const runs = await runsOf(journeyId);
    expect(runs).toHaveLength(RUNS);
    expect(new Set(runs.map((run) => run.versionId))).toEqual(new Set([published.versionId]));
    const sends = await db
      .select({ runId: messages.runId, count: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(eq(messages.journeyId, journeyId), eq(messages.nodeId, "email-2")))
      .groupBy(messages.runId);
    expect(sends).toHaveLength(RUNS);
    expect(sends.every((row) => row.count === 1)).toBe(true);
    const moves = await db
      .select({ runId: runSteps.runId })
      .from(runSteps)
      .where(and(eq(runSteps.journeyId, journeyId), eq(runSteps.kind, "migration"), eq(runSteps.outcome, "moved")));
    expect(new Set(moves.map((move) => move.runId)).size).toBe(RUNS);
    expect(moves).toHaveLength(RUNS);

    await keepHistory(
      stack.temporal.workflow.getHandle(sample!.workflowId, sampleRunId),
      "journey-run-migrate-moved.json",
    );

    // A resume after the fact sends nothing twice; one audit row carries the counts.
    expect(await caller.journeys.resumeMigration({ migrationId })).toMatchObject({ signalled: 0, missing: 0 });
    // Nor does the dispatcher's pass, even once the migration's sender has long gone quiet.
    const later = new Date(Date.now() + 10 * 60_000);
    expect(await sendUnsentRunMigrationSignals({ db, temporal: async () => stack.temporal }, later)).toBe(0);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, "journey.migrate_runs")));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.changes?.after).toMatchObject({ version: 2, runs: RUNS, toMove: RUNS, toEnd: 0, unmapped: 0 });
    console.info(`[migrate] ${RUNS} runs moved and settled in ${movedMs} ms`);
  },
);
