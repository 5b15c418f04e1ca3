// journeyRun end to end on the real Temporal dev server and Postgres: real workers (this
// file's own task queues), real timers (short ones), real outbox transport.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import { Worker } from "@temporalio/worker";
import { asc, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import { messages } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { exitRunSignal, progressQuery } from "@mailstream/temporal-contracts";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
  type LinearStep,
} from "@mailstream/testing/workflow-fixtures";
import { temporalWorkersTest, type TestWorkers } from "@mailstream/testing/temporal-workers";

const HISTORY_FILE = fileURLToPath(new URL("./histories/journey-run-v1.json", import.meta.url));

async function createRun(workers: TestWorkers, steps: (templateId: string) => LinearStep[]) {
  const { db } = workers;
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId } = await createContactFixture(db, workspaceId);
  const { templateId } = await createTemplateFixture(db, workspaceId);
  return createRunFixture(db, { workspaceId, contactId, plan: buildLinearPlan(steps(templateId)) });
}

async function findStepLog(workers: TestWorkers, runId: string) {
  const steps = await findRunSteps(workers.db, runId);
  return steps.map((step) => [step.seq, step.nodeId, step.outcome]);
}

async function findMessages(workers: TestWorkers, runId: string) {
  return workers.db.select().from(messages).where(eq(messages.runId, runId)).orderBy(asc(messages.createdAt));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("journeyRun", () => {
  temporalWorkersTest("walks trigger → email → wait → email → exit and records every step", async ({ workers }) => {
    const run = await createRun(workers, (templateId) => [
      { kind: "email", templateId },
      { kind: "wait", durationMs: 2_000 },
      { kind: "email", templateId },
      { kind: "exit" },
    ]);
    const handle = await workers.startRun(run.input, run.workflowId);
    expect(await handle.result()).toEqual({ status: "completed" });

    expect(await findStepLog(workers, run.runId)).toEqual([
      [0, "trigger", "entered"],
      [1, "email-1", "sent"],
      [2, "wait-2", "waiting"],
      [3, "email-3", "sent"],
      [4, "exit-4", "exited"],
    ]);
    const sent = await findMessages(workers, run.runId);
    expect(sent.map((message) => [message.nodeId, message.status, message.idempotencyKey])).toEqual([
      ["email-1", "sent", `${run.runId}:email-1`],
      ["email-3", "sent", `${run.runId}:email-3`],
    ]);
    expect(await findRunById(workers.db, run.runId)).toMatchObject({
      status: "completed",
      currentNodeId: null,
      endedAt: expect.any(Date),
    });
    expect(await handle.query(progressQuery)).toEqual({ currentNodeId: null, status: "completed" });

    // The recorded history must replay on the current code; the first one recorded is kept
    // as the golden history for journey-run-replay.test.ts (delete it to re-record).
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: testEnv().workflowBundlePath } },
      history,
      run.workflowId,
    );
    if (!existsSync(HISTORY_FILE)) {
      mkdirSync(path.dirname(HISTORY_FILE), { recursive: true });
      writeFileSync(HISTORY_FILE, `${historyToJSON(history)}\n`);
    }
  });

  temporalWorkersTest("ends a run as exited when the exit signal arrives during a wait", async ({ workers }) => {
    const run = await createRun(workers, (templateId) => [
      { kind: "email", templateId },
      { kind: "wait", durationMs: 60 * 60 * 1000 },
      { kind: "email", templateId },
      { kind: "exit" },
    ]);
    const handle = await workers.startRun(run.input, run.workflowId);
    await waitFor(async () => (await handle.query(progressQuery)).currentNodeId === "wait-2");
    await waitFor(async () => (await findRunById(workers.db, run.runId))?.currentNodeId === "wait-2");
    await handle.signal(exitRunSignal, { reason: "unsubscribed" });

    // The hour-long timer is cut short: without the signal this would time out.
    expect(await handle.result()).toEqual({ status: "exited", reason: "unsubscribed" });
    expect(await findRunById(workers.db, run.runId)).toMatchObject({ status: "exited", currentNodeId: null });
    expect(await findStepLog(workers, run.runId)).toEqual([
      [0, "trigger", "entered"],
      [1, "email-1", "sent"],
      [2, "wait-2", "waiting"],
    ]);
    expect(await findMessages(workers, run.runId)).toHaveLength(1);
  });

  temporalWorkersTest("records a permanently failed send and carries on to the next node", async ({ workers }) => {
    const run = await createRun(workers, () => [
      { kind: "email", templateId: "00000000-0000-4000-8000-000000000000" },
      { kind: "exit" },
    ]);
    const handle = await workers.startRun(run.input, run.workflowId);
    expect(await handle.result()).toEqual({ status: "completed" });
    const steps = await findRunSteps(workers.db, run.runId);
    expect(steps.map((step) => [step.nodeId, step.outcome])).toEqual([
      ["trigger", "entered"],
      ["email-1", "failed"],
      ["exit-2", "exited"],
    ]);
    expect(steps[1]?.detail).toMatchObject({
      errorType: "PermanentSendError",
      error: expect.stringMatching(/template .* not found/),
    });
  });

  temporalWorkersTest(
    "continues as new after stepsPerHistory steps, keeping the step sequence",
    async ({ workers }) => {
      const run = await createRun(workers, (templateId) => [
        { kind: "email", templateId },
        { kind: "wait", durationMs: 500 },
        { kind: "email", templateId },
        { kind: "exit" },
      ]);
      const handle = await workers.startRun(run.input, run.workflowId, { stepsPerHistory: 2 });
      // result() follows the continue-as-new chain to the last execution.
      expect(await handle.result()).toEqual({ status: "completed" });
      const first = await workers.client.workflow.getHandle(run.workflowId, handle.firstExecutionRunId).describe();
      expect(first.status.name).toBe("CONTINUED_AS_NEW");
      expect(await findStepLog(workers, run.runId)).toEqual([
        [0, "trigger", "entered"],
        [1, "email-1", "sent"],
        [2, "wait-2", "waiting"],
        [3, "email-3", "sent"],
        [4, "exit-4", "exited"],
      ]);
      expect(await findMessages(workers, run.runId)).toHaveLength(2);
    },
  );
});
