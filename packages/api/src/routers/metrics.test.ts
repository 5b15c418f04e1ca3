// The metrics router over the real test database: the aggregate (entered, active,
// completed, per-node counts, emails sent) and the live subscription.
import { describe, expect, it } from "vitest";
import { writeRun } from "@mailstream/testing/run-fixtures";
import { buildLinearGraph, createLiveJourney, createTemplateFixture } from "@mailstream/testing/workspace-fixtures";
import { createCallerFactory, createContextFactory } from "../trpc";
import { appRouter } from "./root";
import { createWorkspaceCaller, testDb, testDeps } from "@mailstream/testing/test-caller";

const db = testDb();

async function setup() {
  const { caller, workspace } = await createWorkspaceCaller();
  const templateId = await createTemplateFixture(db, workspace.workspaceId, "M", "Hi");
  const graph = buildLinearGraph("m", [
    { kind: "email", templateId },
    { kind: "wait", seconds: 60 },
    { kind: "email", templateId },
    { kind: "exit" },
  ]);
  const journey = await createLiveJourney(db, workspace.workspaceId, "Metrics", graph);
  const run = (nodes: string[], finish?: "completed" | "exited" | "failed") =>
    writeRun(db, {
      workspaceId: workspace.workspaceId,
      journeyId: journey.journeyId,
      versionId: journey.versionId,
      nodes,
      finish,
    });
  return { caller, journey, run, secretKey: workspace.secretKey };
}

describe("metrics router", () => {
  it("counts runs by status, runs per node and emails sent", async () => {
    const { caller, journey, run } = await setup();
    await run(["trigger", "email-1", "wait-2", "email-3", "exit-4"], "completed");
    await run(["trigger", "email-1", "wait-2"]);
    await run(["trigger", "email-1", "wait-2"]);
    await run(["trigger"], "failed");

    const metrics = await caller.metrics.journey({ journeyId: journey.journeyId });
    expect(metrics).toMatchObject({
      entered: 4,
      active: 2,
      completed: 1,
      exited: 0,
      failed: 1,
      converted: 0,
      emailsSent: 4,
      nodeCounts: { trigger: 4, "email-1": 3, "wait-2": 3, "email-3": 1, "exit-4": 1 },
      sentByNode: { "email-1": 3, "email-3": 1 },
      waitingByNode: { "wait-2": 2 },
      edgeCounts: { "trigger:entered>email-1": 3, "email-1:sent>wait-2": 3, "wait-2:entered>email-3": 1 },
    });
  });

  it("reports zeros for a journey nobody entered and refuses other workspaces' journeys", async () => {
    const { caller, journey } = await setup();
    expect(await caller.metrics.journey({ journeyId: journey.journeyId })).toMatchObject({
      entered: 0,
      emailsSent: 0,
      nodeCounts: {},
    });
    const other = await createWorkspaceCaller();
    await expect(other.caller.metrics.journey({ journeyId: journey.journeyId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(other.caller.metrics.dashboardLive({ journeyId: journey.journeyId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("streams the current numbers, then each change, and stops polling when the client leaves", async () => {
    const { journey, run, secretKey } = await setup();
    const ctx = createContextFactory(testDeps())({ headers: new Headers({ authorization: `Bearer ${secretKey}` }) });
    const caller = createCallerFactory(appRouter)(ctx);
    const stream = await caller.metrics.dashboardLive({ journeyId: journey.journeyId });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.flow).toMatchObject({ entered: 0 });
    expect(ctx.liveMetrics.pollingJourneys()).toHaveLength(1);

    await run(["trigger", "email-1"]);
    let latest = first.value;
    while (latest?.flow.emailsSent !== 1 || latest.flow.nodeCounts["email-1"] !== 1)
      latest = (await iterator.next()).value;
    expect(latest.flow).toMatchObject({ entered: 1, active: 1, nodeCounts: { trigger: 1, "email-1": 1 } });
    expect(latest.emails).toEqual([
      expect.objectContaining({ nodeId: "email-1", counts: expect.objectContaining({ sent: 1 }) }),
    ]);

    // Leaving ends the stream at once, even while it waits for the next change.
    const pendingNext = iterator.next();
    await iterator.return?.(undefined);
    await expect(pendingNext).resolves.toMatchObject({ done: true });
    expect(ctx.liveMetrics.pollingJourneys()).toEqual([]);
  });
});
