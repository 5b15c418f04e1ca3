// One definition each, on real Postgres: an entry is a run, a send is a message handed to the
// transport. The journeys list, the overview, the metrics page's cards and funnel, and the
// email table must show the same numbers for a journey where one contact entered twice and
// one email step was skipped; unique contacts appear only where they differ.
import { callerWithAuth, testDb } from "@mailstream/testing/test-caller";
import { writeRunDetailed } from "@mailstream/testing/run-fixtures";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";
import { describe, expect, it } from "vitest";
import { funnelStages } from "./funnel-stages";
import { orderNodeRows } from "./node-rows";

const db = testDb();

describe("entries and sends", () => {
  it("agree across the journeys list, the overview, the funnel and the email table", async () => {
    const workspace = await createWorkspaceWithKeys(db);
    const { workspaceId } = workspace;
    const caller = callerWithAuth(`Bearer ${workspace.secretKey}`);
    const templateId = await createTemplateFixture(db, workspaceId, "Welcome", "Hi");
    const graph = buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]);
    const journey = await createLiveJourney(db, workspaceId, "Agreement", graph);
    const base = { workspaceId, journeyId: journey.journeyId, versionId: journey.versionId, templateId };
    // Ana enters twice and gets the email both times; Bo enters once and the send is skipped.
    const first = await writeRunDetailed(db, { ...base, nodes: ["trigger", "email-1", "exit-2"], finish: "completed" });
    await writeRunDetailed(db, { ...base, userId: first.userId, nodes: ["trigger", "email-1"] });
    await writeRunDetailed(db, { ...base, nodes: ["trigger", "email-1"], outcomes: { "email-1": "skipped" } });

    const filter = { journeyId: journey.journeyId, range: "all" as const };
    const [list, overview, dashboard, reach] = await Promise.all([
      caller.journeys.list(),
      caller.metrics.overview(),
      caller.metrics.dashboard(filter),
      caller.metrics.reach(filter),
    ]);
    const listed = list.find((j) => j.id === journey.journeyId);
    const ranked = overview.journeys.find((j) => j.journeyId === journey.journeyId);
    const emailRow = dashboard.emails.find((e) => e.nodeId === "email-1");

    // Entries: three runs everywhere.
    expect(listed?.runsEntered).toBe(3);
    expect(ranked?.entered).toBe(3);
    expect(dashboard.flow.entered).toBe(3);
    // Sends: two messages everywhere; the skip reached the step but is not a send.
    expect(dashboard.flow.emailsSent).toBe(2);
    expect(dashboard.flow.sentByNode["email-1"]).toBe(2);
    expect(emailRow?.counts.sent).toBe(2);
    expect(dashboard.flow.nodeCounts["email-1"]).toBe(3);
    expect(dashboard.flow.outcomesByNode["email-1"]).toEqual({ sent: 2, skipped: 1 });
    // Unique contacts: two people entered, one got the email.
    expect(reach).toEqual({ contactsEntered: 2, recipientsByNode: { "email-1": 1 } });

    const rows = orderNodeRows(graph, new Map([[templateId, "Welcome"]]));
    expect(funnelStages(rows, dashboard.flow, reach)).toEqual([
      { id: "entered", label: "Entered", value: 3, contacts: 2 },
      { id: "email-1", label: "Send “Welcome”", value: 2, contacts: 1 },
      { id: "converted", label: "Reached the goal", value: 0, contacts: null },
    ]);
    // Where runs and people agree, no second number is shown.
    expect(funnelStages(rows, dashboard.flow, { contactsEntered: 3, recipientsByNode: { "email-1": 2 } })[0]).toEqual({
      id: "entered",
      label: "Entered",
      value: 3,
      contacts: null,
    });
  });
});
