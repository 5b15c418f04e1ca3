// Pause, resume and archive reaching real runs: a real worker interprets the plans, so this
// proves the whole path — tRPC → lifecycle service → signals → the journeyRun workflow holding,
// continuing, or exiting with the archive reason recorded on the run row.
import { findRunSteps } from "@mailstream/db/queries/runs";
import { journeyRuns } from "@mailstream/db/schema";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { buildLinearGraph, waitFor } from "@mailstream/testing/workspace-fixtures";
import { journeyWorkersTest, trackAndDispatch, type JourneyWorkers } from "@mailstream/testing/journey-workers";
import { expectHeldAfterWait } from "@mailstream/testing/held-run";

const db = testDb();

journeyWorkersTest.override({ journeyWorkersOptions: { label: "life" } });

/** Tracks `event` for `userId` and dispatches it: it enters journeys and reaches waiting runs. */
const track = (stack: JourneyWorkers, workspaceId: string, userId: string, event = "signed_up") =>
  trackAndDispatch(stack, db, { workspaceId, userId, event });

async function runOf(journeyId: string) {
  const [run] = await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journeyId));
  return run ?? null;
}

journeyWorkersTest(
  "a paused run holds after its wait and finishes once resumed; archiving exits a waiting run with its reason",
  async ({ stack }) => {
    const { workspace, caller } = await createWorkspaceCaller();
    const { workspaceId } = workspace;
    const { id: journeyId } = await caller.journeys.create({ name: "Hold" });
    // The run waits for `released`, so its wait ends when the test says, never before the pause.
    await caller.journeys.publish({
      journeyId,
      graph: buildLinearGraph("signed_up", [{ kind: "wait", untilEvent: "released" }, { kind: "exit" }]),
    });

    // Nothing to hold yet: a pause and resume without runs are plain status changes.
    expect(await caller.journeys.pause({ journeyId })).toMatchObject({ status: "paused", runsSignalled: 0 });
    await caller.journeys.resume({ journeyId });
    await track(stack, workspaceId, "ada");
    const run = await waitFor("run waiting", async () => {
      const row = await runOf(journeyId);
      return row?.currentNodeId === "wait-1" ? row : null;
    });
    expect((await caller.journeys.pause({ journeyId })).runsSignalled).toBe(1);
    // The pause signal is in the run's history; the awaited event now ends the wait.
    await track(stack, workspaceId, "ada", "released");
    await expectHeldAfterWait(
      { db, temporal: stack.temporal },
      { runId: run.id, workflowId: run.workflowId },
      "wait-1",
    );
    expect(await runOf(journeyId)).toMatchObject({ status: "active" });
    expect((await findRunSteps(db, run.id)).map((step) => step.nodeId)).not.toContain("exit-2");

    await caller.journeys.resume({ journeyId });
    await waitFor("run completed", async () => (await runOf(journeyId))?.status === "completed");
    expect((await findRunSteps(db, run.id)).map((step) => step.nodeId)).toContain("exit-2");

    const { id: longId } = await caller.journeys.create({ name: "Long" });
    await caller.journeys.publish({
      journeyId: longId,
      graph: buildLinearGraph("signed_up", [{ kind: "wait", seconds: 3600 }, { kind: "exit" }]),
    });
    await track(stack, workspaceId, "bob");
    await waitFor("long run waiting", async () => (await runOf(longId))?.currentNodeId === "wait-1");
    await caller.journeys.archive({ journeyId: longId });
    const archived = await waitFor("run exited", async () => {
      const row = await runOf(longId);
      return row?.status === "exited" ? row : null;
    });
    expect(archived.endReason).toBe("journey archived");
  },
);
