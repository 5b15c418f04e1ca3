// The drill-down's controls (runControlSignal, RUN_CONTROLS_PATCH) on the time-skipping test
// server: "continue now" ends a 3-day wait at once, "move" lands on the chosen step, "end"
// stops the run, and a repeated or late control changes nothing. Workflow time is read from
// the test server, so "at once" means no 3 days went by.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import type { Plan } from "@mailstream/journey/plan";
import { runControlSignal, type RunControl } from "@mailstream/temporal-contracts";
import {
  createContactFixture,
  createRunFixture,
  createWorkspaceFixture,
  type RunFixture,
} from "@mailstream/testing/workflow-fixtures";
import { keepHistory, timeSkippingWorkersTest, type TimeSkippingWorkers } from "@mailstream/testing/temporal-workers";

const DAY = 86_400_000;

const PLAN: Plan = {
  format: 1,
  trigger: { nodeId: "trigger", event: "signed_up", filters: [] },
  entry: "wait",
  steps: {
    wait: { kind: "wait", id: "wait", durationMs: 3 * DAY, next: "nudge" },
    nudge: {
      kind: "update_contact",
      id: "nudge",
      updates: [{ op: "set", trait: "nudged", value: "true", as: "boolean" }],
      next: "later",
    },
    later: { kind: "wait", id: "later", durationMs: 3 * DAY, next: "exit" },
    elsewhere: {
      kind: "update_contact",
      id: "elsewhere",
      updates: [{ op: "set", trait: "moved", value: "true", as: "boolean" }],
      next: "exit",
    },
    exit: { kind: "exit", id: "exit" },
  },
};

async function startAtWait(workers: TimeSkippingWorkers): Promise<{ run: RunFixture; startedAt: number }> {
  const { db } = workers;
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId } = await createContactFixture(db, workspaceId);
  const run = await createRunFixture(db, { workspaceId, contactId, plan: PLAN });
  const startedAt = await workers.env.currentTimeMs();
  await workers.startRun(run.input, run.workflowId);
  await untilAt(workers, run.runId, "wait");
  return { run, startedAt };
}

/** Polls the run row until the run is at `nodeId` (written by its bookkeeping). Not `result()`: that skips time. */
async function untilAt(workers: TimeSkippingWorkers, runId: string, nodeId: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await findRunById(workers.db, runId))?.currentNodeId !== nodeId) {
    if (Date.now() > deadline) throw new Error(`run ${runId} never reached ${nodeId}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function control(fields: Omit<RunControl, "actionId"> & { actionId?: string }): RunControl {
  return { actionId: randomUUID(), by: "test@mailstream.test", ...fields };
}

const log = async (workers: TimeSkippingWorkers, runId: string) =>
  (await findRunSteps(workers.db, runId)).map((step) => `${step.nodeId}:${step.kind}:${step.outcome}`);

timeSkippingWorkersTest(
  "continue now ends a 3-day wait at once, and a repeated or late control changes nothing",
  async ({ workers }) => {
    const { run, startedAt } = await startAtWait(workers);
    const handle = workers.env.client.workflow.getHandle(run.workflowId);
    const skip = control({ action: "continue", atStepId: "wait" });
    await handle.signal(runControlSignal, skip);
    await handle.signal(runControlSignal, skip);
    await untilAt(workers, run.runId, "later");
    const reachedLaterAt = await workers.env.currentTimeMs();
    // Seen on "wait" but the run is past it: moot (it would otherwise cut "later" short too).
    await handle.signal(runControlSignal, control({ action: "continue", atStepId: "wait" }));
    expect(await handle.result()).toEqual({ status: "completed" });

    expect(reachedLaterAt - startedAt).toBeLessThan(DAY);
    expect(await log(workers, run.runId)).toEqual([
      "trigger:trigger:entered",
      "wait:wait:waiting",
      "wait:run_control:continued",
      "nudge:update_contact:updated",
      "later:wait:waiting",
      "exit:exit:exited",
    ]);
    const steps = await findRunSteps(workers.db, run.runId);
    expect(steps[2]?.detail).toMatchObject({ actionId: skip.actionId, action: "continue", by: "test@mailstream.test" });
    await keepHistory(handle, "journey-run-run-controls-continue.json");
  },
  60_000,
);

timeSkippingWorkersTest(
  "move lands the run on the chosen step",
  async ({ workers }) => {
    const { run } = await startAtWait(workers);
    const handle = workers.env.client.workflow.getHandle(run.workflowId);
    await handle.signal(runControlSignal, control({ action: "move", atStepId: "wait", toStepId: "elsewhere" }));
    expect(await handle.result()).toEqual({ status: "completed" });
    expect(await log(workers, run.runId)).toEqual([
      "trigger:trigger:entered",
      "wait:wait:waiting",
      "wait:run_control:moved",
      "elsewhere:update_contact:updated",
      "exit:exit:exited",
    ]);
  },
  60_000,
);

timeSkippingWorkersTest(
  "end stops the run where it is",
  async ({ workers }) => {
    const { run } = await startAtWait(workers);
    const handle = workers.env.client.workflow.getHandle(run.workflowId);
    await handle.signal(runControlSignal, control({ action: "end", atStepId: "wait" }));
    expect(await handle.result()).toEqual({ status: "exited", reason: "ended by hand" });
    expect(await log(workers, run.runId)).toEqual([
      "trigger:trigger:entered",
      "wait:wait:waiting",
      "wait:run_control:ended",
    ]);
    const row = await findRunById(workers.db, run.runId);
    expect(row).toMatchObject({ status: "exited", endReason: "ended by hand", currentNodeId: null });
  },
  60_000,
);
