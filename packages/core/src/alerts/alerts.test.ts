// Alerts over real rollups: a journey whose bounce rate crosses the threshold raises one
// journey alert and one recipient-domain alert, each pausing the journey when enabled (the
// domain one because this journey's own rate to the domain is above the threshold), is not
// raised twice, and resolves when the threshold is raised above the rate. The real pause
// path (lifecycle service, Temporal) is in metrics-alerts-pause.test.ts; this one records calls.
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { findAlerts, upsertMetricSettings } from "@mailstream/db/queries/metrics-alerts";
import { describe, expect, it } from "vitest";
import { writeRunDetailed } from "@mailstream/testing/run-fixtures";
import { testDb } from "@mailstream/testing/test-db";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";
import { evaluateWorkspaceAlerts } from "./alerts";

const db = testDb();

describe("metric alerts", () => {
  it("raise once per scope above the threshold, pause the journey when enabled, and resolve", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const templateId = await createTemplateFixture(db, workspaceId, "A", "B");
    const journey = await createLiveJourney(
      db,
      workspaceId,
      "Bouncy",
      buildLinearGraph("e", [{ kind: "email", templateId }, { kind: "exit" }]),
    );
    await upsertMetricSettings(db, workspaceId, {
      alertMinSends: 10,
      bounceRateThreshold: 0.1,
      isAutoPauseEnabled: true,
    });
    for (let i = 0; i < 12; i++) {
      const run = await writeRunDetailed(db, {
        workspaceId,
        journeyId: journey.journeyId,
        versionId: journey.versionId,
        templateId,
        nodes: ["trigger", "email-1"],
      });
      const messageId = run.messages["email-1"] as string;
      if (i < 2) await recordMessageEvent(db, { workspaceId, messageId, type: "bounced", dedupeKey: `${messageId}:b` });
    }
    const paused: string[] = [];
    await evaluateWorkspaceAlerts(db, workspaceId, async (_ws, journeyId) => {
      paused.push(journeyId);
    });
    await evaluateWorkspaceAlerts(db, workspaceId);
    const alerts = await findAlerts(db, workspaceId);
    expect(alerts.map((a) => [a.scope, a.metric, a.sends, a.resolvedAt]).sort()).toEqual([
      ["domain:example.test", "bounce_rate", 12, null],
      [`journey:${journey.journeyId}`, "bounce_rate", 12, null],
    ]);
    const journeyAlert = alerts.find((a) => a.journeyId === journey.journeyId);
    expect(journeyAlert?.rate).toBeCloseTo(2 / 12, 10);
    expect(journeyAlert?.action).toBe("paused");
    expect(journeyAlert?.journeyName).toBe("Bouncy");
    expect(alerts.find((a) => a.scope === "domain:example.test")?.action).toBe("paused journeys: Bouncy");
    expect(paused).toEqual([journey.journeyId, journey.journeyId]);

    await upsertMetricSettings(db, workspaceId, { bounceRateThreshold: 0.5 });
    await evaluateWorkspaceAlerts(db, workspaceId);
    expect((await findAlerts(db, workspaceId)).every((a) => a.resolvedAt !== null)).toBe(true);
  });
});
