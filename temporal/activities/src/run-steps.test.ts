// recordStep / finishRun against the real Postgres: retried calls write once, a finished
// run stays finished, and a deleted run tells the workflow to stop.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import { journeyRuns } from "@mailstream/db/schema";
import { createTransport } from "@mailstream/emails/transports";
import { testEnv } from "@mailstream/testing/test-env";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import {
  installQuietRuntime,
  runActivity,
  TEST_DEFAULT_FROM,
  TEST_PUBLIC_URL,
} from "@mailstream/testing/temporal-workers";
import { createActivities } from "./index";

let db: Db;
let activities: ReturnType<typeof createActivities>;

beforeAll(() => {
  installQuietRuntime();
  db = createDb(testEnv().databaseUrl).db;
  activities = createActivities({
    db,
    transport: createTransport("outbox"),
    defaultFrom: TEST_DEFAULT_FROM,
    publicUrl: TEST_PUBLIC_URL,
  });
});

async function createRun() {
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId } = await createContactFixture(db, workspaceId);
  return createRunFixture(db, {
    workspaceId,
    contactId,
    plan: buildLinearPlan([{ kind: "wait", durationMs: 1000 }, { kind: "exit" }]),
  });
}

describe("run activities", () => {
  it("records a step once per seq and moves the run's current node", async () => {
    const { runId, journeyId } = await createRun();
    const step = {
      runId,
      journeyId,
      seq: 0,
      nodeId: "wait-1",
      kind: "wait",
      outcome: "waiting",
      detail: { durationMs: 1000 },
    };
    const before = Date.now();
    expect(await runActivity(activities.recordStep, step)).toEqual({ isRunPresent: true });
    const after = Date.now();
    expect(await runActivity(activities.recordStep, step)).toEqual({ isRunPresent: true });

    const steps = await findRunSteps(db, runId);
    expect(steps.map((row) => [row.seq, row.nodeId, row.outcome])).toEqual([[0, "wait-1", "waiting"]]);
    // The pause's end is stored by the first record; the retry does not move it.
    const { resumesAt, ...detail } = steps[0]?.detail as { resumesAt: string };
    expect(detail).toEqual({ durationMs: 1000 });
    expect(Date.parse(resumesAt)).toBeGreaterThanOrEqual(before + 1000);
    expect(Date.parse(resumesAt)).toBeLessThanOrEqual(after + 1000);
    expect((await findRunById(db, runId))?.currentNodeId).toBe("wait-1");
  });

  it("finishes a run once: a second finisher keeps the first status and end time", async () => {
    const { runId, journeyId } = await createRun();
    await runActivity(activities.finishRun, { runId, status: "exited", reason: "test" });
    const first = await findRunById(db, runId);
    expect(first).toMatchObject({ status: "exited", currentNodeId: null, endReason: "test", convertedAt: null });
    expect(first?.endedAt).toBeInstanceOf(Date);

    await runActivity(activities.finishRun, { runId, status: "completed" });
    expect(await findRunById(db, runId)).toMatchObject({
      status: "exited",
      endedAt: first?.endedAt,
      endReason: "test",
    });
    // A late step (e.g. a retried recordStep) is still logged but cannot move a finished run.
    await runActivity(activities.recordStep, {
      runId,
      journeyId,
      seq: 1,
      nodeId: "exit-2",
      kind: "exit",
      outcome: "exited",
    });
    expect((await findRunById(db, runId))?.currentNodeId).toBeNull();
  });

  it("stores a goal conversion: reason and converted_at", async () => {
    const { runId } = await createRun();
    const convertedAt = "2026-01-02T03:04:05.000Z";
    await runActivity(activities.finishRun, { runId, status: "completed", reason: "goal", convertedAt });
    expect(await findRunById(db, runId)).toMatchObject({
      status: "completed",
      endReason: "goal",
      convertedAt: new Date(convertedAt),
    });
  });

  it("reports a deleted run instead of failing forever", async () => {
    const { runId, journeyId } = await createRun();
    await db.delete(journeyRuns).where(eq(journeyRuns.id, runId));
    const result = await runActivity(activities.recordStep, {
      runId,
      journeyId,
      seq: 0,
      nodeId: "wait-1",
      kind: "wait",
      outcome: "waiting",
    });
    expect(result).toEqual({ isRunPresent: false });
  });
});
