// Split routing to a declared winner (SPLIT_WINNER_PATCH) on the real Temporal dev server and
// Postgres: contacts reaching the split after a winner is recorded all take the winner
// (hold-out still held out), the step log says the winner routed them, and a split run
// recorded before the change is kept for the replay test.
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import { Worker } from "@temporalio/worker";
import { describe, expect } from "vitest";
import { insertExperimentWinnerOnce } from "@mailstream/db/queries/metrics-experiments";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { journeyRuns } from "@mailstream/db/schema";
import type { Plan, PlanStep } from "@mailstream/journey/plan";
import { assignSplit } from "@mailstream/journey/split";
import { testEnv } from "@mailstream/testing/test-env";
import { journeyWorkflowId, type JourneyRunInput } from "@mailstream/temporal-contracts";
import { createContactFixture, createRunFixture, createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import { temporalWorkersTest, type TestWorkers } from "@mailstream/testing/temporal-workers";

const split = (holdoutPercent: number): PlanStep => ({
  kind: "split",
  id: "split",
  holdoutPercent,
  variants: [
    { id: "a", weight: 50, next: "exit-a" },
    { id: "b", weight: 50, next: "exit-b" },
  ],
});
function plan(holdoutPercent: number): Plan {
  return {
    format: 1,
    trigger: { nodeId: "trigger", event: "added_to_cart", filters: [] },
    entry: "split",
    steps: Object.fromEntries(
      (
        [split(holdoutPercent), { kind: "exit", id: "exit-a" }, { kind: "exit", id: "exit-b" }] satisfies PlanStep[]
      ).map((s) => [s.id, s]),
    ),
  };
}

describe("split history", () => {
  temporalWorkersTest("keeps a split run's history for the replay test", async ({ workers }) => {
    const { workspaceId } = await createWorkspaceFixture(workers.db);
    const contact = await createContactFixture(workers.db, workspaceId);
    const run = await createRunFixture(workers.db, { workspaceId, contactId: contact.contactId, plan: plan(0) });
    const handle = await workers.startRun(run.input, run.workflowId);
    await handle.result();
    expect((await findRunSteps(workers.db, run.runId)).map((s) => s.nodeId)).toEqual([
      "trigger",
      "split",
      expect.stringMatching(/^exit-/),
    ]);
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: testEnv().workflowBundlePath } },
      history,
      run.workflowId,
    );
    // Recorded once, on the code before SPLIT_WINNER_PATCH: the replay test keeps that path alive.
    const path = fileURLToPath(new URL("./histories/journey-run-split-v1.json", import.meta.url));
    if (!existsSync(path)) writeFileSync(path, `${historyToJSON(history)}\n`);
  });
});

/** Runs `count` new contacts through one journey's split and returns each one's split step. */
async function runContacts(
  workers: TestWorkers,
  journey: { workspaceId: string; journeyId: string; versionId: string; plan: Plan },
  count: number,
) {
  const results = await Promise.all(
    Array.from({ length: count }, async () => {
      const { contactId } = await createContactFixture(workers.db, journey.workspaceId);
      const eventId = randomUUID();
      const workflowId = journeyWorkflowId(journey.journeyId, contactId, eventId);
      const [run] = await workers.db
        .insert(journeyRuns)
        .values({
          workspaceId: journey.workspaceId,
          journeyId: journey.journeyId,
          versionId: journey.versionId,
          contactId,
          workflowId,
          triggerEventId: eventId,
        })
        .returning({ id: journeyRuns.id });
      if (!run) throw new Error("run insert returned nothing");
      const input: JourneyRunInput = {
        runId: run.id,
        workspaceId: journey.workspaceId,
        journeyId: journey.journeyId,
        versionId: journey.versionId,
        contactId,
        plan: journey.plan,
        trigger: { eventId, event: journey.plan.trigger.event, properties: {}, traits: {} },
      };
      await (await workers.startRun(input, workflowId)).result();
      const step = (await findRunSteps(workers.db, run.id)).find((s) => s.nodeId === "split");
      const hashed = assignSplit(
        contactId,
        "split",
        [
          { id: "a", weight: 50 },
          { id: "b", weight: 50 },
        ],
        20,
      );
      return { step, hashed };
    }),
  );
  return results;
}

describe("split winner routing", () => {
  temporalWorkersTest(
    "sends every contact after the declaration to the winner; the hold-out stays held out",
    async ({ workers }) => {
      const { workspaceId } = await createWorkspaceFixture(workers.db);
      const first = await createContactFixture(workers.db, workspaceId);
      const p = plan(20);
      const fixture = await createRunFixture(workers.db, { workspaceId, contactId: first.contactId, plan: p });
      const journey = { workspaceId, journeyId: fixture.journeyId, versionId: fixture.versionId, plan: p };

      const before = await runContacts(workers, journey, 16);
      // Before a winner: the hash decides, so both variants get contacts.
      for (const { step, hashed } of before) expect(step?.outcome).toBe(hashed.holdout ? "holdout" : hashed.variantId);
      expect(new Set(before.map(({ step }) => step?.outcome)).size).toBeGreaterThan(1);

      await insertExperimentWinnerOnce(workers.db, {
        journeyId: journey.journeyId,
        versionId: journey.versionId,
        nodeId: "split",
        variantId: "b",
        metric: "goal_conversion",
        probabilityBest: 0.99,
        confidence: 0.95,
        minSample: 1,
        source: "manual",
        declaredBy: "test",
      });
      const after = await runContacts(workers, journey, 24);
      for (const { step, hashed } of after) {
        if (hashed.holdout) {
          expect(step?.outcome).toBe("holdout");
          continue;
        }
        expect(step?.outcome).toBe("b");
        expect(step?.detail).toMatchObject({
          routedBy: "winner",
          hashedVariantId: hashed.variantId,
          winner: { variantId: "b", source: "manual" },
        });
      }
      expect(after.filter(({ hashed }) => !hashed.holdout && hashed.variantId === "a").length).toBeGreaterThan(0);
    },
  );

  temporalWorkersTest("ignores a winner that is not one of the split's variants", async ({ workers }) => {
    const { workspaceId } = await createWorkspaceFixture(workers.db);
    const first = await createContactFixture(workers.db, workspaceId);
    const p = plan(20);
    const fixture = await createRunFixture(workers.db, { workspaceId, contactId: first.contactId, plan: p });
    await insertExperimentWinnerOnce(workers.db, {
      journeyId: fixture.journeyId,
      versionId: fixture.versionId,
      nodeId: "split",
      variantId: "gone",
      metric: "goal_conversion",
      probabilityBest: 0.99,
      confidence: 0.95,
      minSample: 1,
      source: "automatic",
      declaredBy: "test",
    });
    const runs = await runContacts(
      workers,
      { workspaceId, journeyId: fixture.journeyId, versionId: fixture.versionId, plan: p },
      6,
    );
    for (const { step, hashed } of runs) {
      expect(step?.outcome).toBe(hashed.holdout ? "holdout" : hashed.variantId);
      expect(step?.detail).not.toHaveProperty("routedBy");
    }
  });
});
