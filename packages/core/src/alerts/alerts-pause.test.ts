// Auto-pause through the real lifecycle service: a bouncing journey's alert pauses it and a
// real worker holds its waiting run; a recipient-domain alert pauses only the live journeys
// whose own sends to that domain are above the threshold. The pause is the same
// `lifecyclePauser` the dispatcher process wires up — Temporal signals, no callback stand-in.
import { randomUUID } from "node:crypto";
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { findAlerts, upsertMetricSettings } from "@mailstream/db/queries/metrics-alerts";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { journeyRuns, journeys } from "@mailstream/db/schema";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { writeRunDetailed } from "@mailstream/testing/run-fixtures";
import { testDb } from "@mailstream/testing/test-db";
import {
  buildLinearGraph,
  createLiveJourney,
  createWorkspaceWithKeys,
  waitFor,
} from "@mailstream/testing/workspace-fixtures";
import { resumeJourney } from "../journeys/journey-lifecycle";
import { evaluateWorkspaceAlerts, lifecyclePauser } from "./alerts";
import { journeyWorkersTest, trackAndDispatch } from "@mailstream/testing/journey-workers";
import { expectHeldAfterWait } from "@mailstream/testing/held-run";

const db = testDb();

const suffix = randomUUID().slice(0, 8);
journeyWorkersTest.override({ journeyWorkersOptions: { label: "alerts" } });

const statusOf = async (journeyId: string) =>
  (await db.select().from(journeys).where(eq(journeys.id, journeyId)))[0]?.status;
const runOf = async (journeyId: string) =>
  (await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journeyId)))[0] ?? null;
const statusOfRun = async (runId: string) =>
  (await db.select().from(journeyRuns).where(eq(journeyRuns.id, runId)))[0]?.status;

/** `sends` sent messages (to example.test) on the journey's email node, the first `bounces` of them bounced. */
async function sendAndBounce(
  workspaceId: string,
  journey: { journeyId: string; versionId: string },
  sends: number,
  bounces: number,
) {
  for (let i = 0; i < sends; i++) {
    const run = await writeRunDetailed(db, {
      workspaceId,
      ...journey,
      nodes: ["trigger", "email-1"],
      finish: "completed",
    });
    const messageId = run.messages["email-1"] as string;
    if (i < bounces)
      await recordMessageEvent(db, { workspaceId, messageId, type: "bounced", dedupeKey: `${messageId}:b` });
  }
}

journeyWorkersTest(
  "a journey alert pauses the journey through the lifecycle service and its waiting run holds",
  async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const event = `signed_up_${suffix}`;
    // The run waits for this event, so its wait ends when the test says, never before the pause.
    const release = `released_${suffix}`;
    const journey = await createLiveJourney(
      db,
      workspaceId,
      "Bouncy",
      buildLinearGraph(event, [{ kind: "wait", untilEvent: release }, { kind: "exit" }]),
    );
    const track = (name: string) => trackAndDispatch(stack, db, { workspaceId, userId: "ada", event: name });
    await track(event);
    const run = await waitFor("run waiting", async () => {
      const row = await runOf(journey.journeyId);
      return row?.currentNodeId === "wait-1" ? row : null;
    });

    await upsertMetricSettings(db, workspaceId, {
      alertMinSends: 10,
      bounceRateThreshold: 0.1,
      isAutoPauseEnabled: true,
    });
    await sendAndBounce(workspaceId, journey, 10, 3);
    const deps = { db, temporal: () => Promise.resolve(stack.temporal) };
    await evaluateWorkspaceAlerts(db, workspaceId, lifecyclePauser(deps));

    const alert = (await findAlerts(db, workspaceId)).find((a) => a.journeyId === journey.journeyId);
    expect(alert).toMatchObject({ metric: "bounce_rate", action: "paused", journeyName: "Bouncy", sends: 10 });
    expect(await statusOf(journey.journeyId)).toBe("paused");

    // The pause signal is in the run's history (the lifecycle service awaited it); the awaited
    // event now ends the wait, and the run must hold before its next step.
    await track(release);
    await expectHeldAfterWait(
      { db, temporal: stack.temporal },
      { runId: run.id, workflowId: run.workflowId },
      "wait-1",
    );
    expect(await statusOfRun(run.id)).toBe("active");
    expect((await findRunSteps(db, run.id)).map((s) => s.nodeId)).not.toContain("exit-2");

    await resumeJourney(deps, workspaceId, journey.journeyId);
    await waitFor("run completed after resume", async () => (await statusOfRun(run.id)) === "completed");
    expect((await findRunSteps(db, run.id)).map((s) => s.nodeId)).toContain("exit-2");
  },
);

journeyWorkersTest(
  "a domain alert pauses only the live journeys whose own rate to that domain is above the threshold",
  async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const graph = buildLinearGraph(`never_${suffix}`, [{ kind: "exit" }]);
    const bouncy = await createLiveJourney(db, workspaceId, "To the bouncing domain", graph);
    const healthy = await createLiveJourney(db, workspaceId, "Healthy", graph);
    // Journey minimum is high so only the domain (20 sends) qualifies: the domain path decides alone.
    await upsertMetricSettings(db, workspaceId, {
      alertMinSends: 20,
      bounceRateThreshold: 0.1,
      isAutoPauseEnabled: true,
    });
    await sendAndBounce(workspaceId, bouncy, 8, 4);
    await sendAndBounce(workspaceId, healthy, 12, 0);
    await evaluateWorkspaceAlerts(
      db,
      workspaceId,
      lifecyclePauser({ db, temporal: () => Promise.resolve(stack.temporal) }),
    );

    const alerts = await findAlerts(db, workspaceId);
    expect(alerts.map((a) => [a.scope, a.metric, a.sends, a.journeyId, a.journeyName])).toEqual([
      ["domain:example.test", "bounce_rate", 20, null, null],
    ]);
    expect(alerts[0]?.action).toBe("paused journeys: To the bouncing domain");
    expect(await statusOf(bouncy.journeyId)).toBe("paused");
    expect(await statusOf(healthy.journeyId)).toBe("live");
  },
);
