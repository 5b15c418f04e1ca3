// Correctness of the rollups against a scripted scenario with hand-computed expectations:
// unique vs total opens and clicks (per link), replayed events, bounces/complaints/
// unsubscribes, conversions inside and outside the attribution window, version filter.
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { describe, expect, it } from "vitest";
import { writeRunDetailed } from "@mailstream/testing/run-fixtures";
import { loadJourneyDashboard } from "./live-payload";
import { testDb } from "@mailstream/testing/test-db";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";

const db = testDb();
const HOUR = 3_600_000;

async function event(
  workspaceId: string,
  messageId: string,
  type: Parameters<typeof recordMessageEvent>[1]["type"],
  dedupeKey: string,
  data?: Record<string, unknown>,
) {
  return recordMessageEvent(db, { workspaceId, messageId, type, dedupeKey: `${messageId}:${dedupeKey}`, data });
}

describe("metric rollups", () => {
  it("match a hand-computed scenario", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const templateId = await createTemplateFixture(db, workspaceId, "Welcome", "Hi");
    const journey = await createLiveJourney(
      db,
      workspaceId,
      "Scenario",
      buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]),
    );
    const base = { workspaceId, journeyId: journey.journeyId, versionId: journey.versionId, templateId };
    const now = Date.now();
    // a converts 1 h after its send (inside the 72 h window); b converts 100 h later (outside);
    // c never converts.
    const a = await writeRunDetailed(db, {
      ...base,
      nodes: ["trigger", "email-1", "exit-2"],
      convertedAt: new Date(now + HOUR),
    });
    const b = await writeRunDetailed(db, {
      ...base,
      nodes: ["trigger", "email-1"],
      convertedAt: new Date(now + 100 * HOUR),
    });
    const c = await writeRunDetailed(db, { ...base, nodes: ["trigger", "email-1"] });
    const [ma, mb, mc] = [a.messages["email-1"], b.messages["email-1"], c.messages["email-1"]] as string[];

    // a: delivered, opened 3 times, clicked link X twice and link Y once.
    await event(workspaceId, ma as string, "delivered", "d");
    for (const n of [1, 2, 3]) await event(workspaceId, ma as string, "opened", `o${n}`);
    await event(workspaceId, ma as string, "clicked", "x1", { url: "https://shop.test/x" });
    await event(workspaceId, ma as string, "clicked", "x2", { url: "https://shop.test/x" });
    await event(workspaceId, ma as string, "clicked", "y1", { url: "https://shop.test/y" });
    // b: delivered, opened once, then the same webhook replayed (stored once, counted once); bounced.
    await event(workspaceId, mb as string, "delivered", "d");
    expect(await event(workspaceId, mb as string, "opened", "o1")).toBe(true);
    expect(await event(workspaceId, mb as string, "opened", "o1")).toBe(false);
    await event(workspaceId, mb as string, "bounced", "b");
    // c: clicked y (counts as a click without an open), complained and unsubscribed twice.
    await event(workspaceId, mc as string, "clicked", "y1", { url: "https://shop.test/y" });
    await event(workspaceId, mc as string, "complained", "c");
    await event(workspaceId, mc as string, "unsubscribed", "u1");
    await event(workspaceId, mc as string, "unsubscribed", "u2");

    const dashboard = await loadJourneyDashboard(db, {
      journeyId: journey.journeyId,
      versionId: null,
      range: "all",
      grain: "minute",
    });
    expect(dashboard.flow).toMatchObject({
      entered: 3,
      active: 1,
      completed: 2,
      converted: 2,
      emailsSent: 3,
      nodeCounts: { trigger: 3, "email-1": 3, "exit-2": 1 },
      waitingByNode: { "email-1": 1 },
      outcomesByNode: { trigger: { entered: 3 }, "email-1": { sent: 3 }, "exit-2": { entered: 1 } },
      edgeCounts: { "trigger:entered>email-1": 3, "email-1:sent>exit-2": 1 },
    });
    expect(dashboard.emails).toHaveLength(1);
    const [email] = dashboard.emails;
    expect(email?.nodeId).toBe("email-1");
    expect(email?.templateId).toBe(templateId);
    expect(email?.counts).toEqual({
      sent: 3,
      delivered: 2,
      opened_unique: 2,
      opened: 4,
      clicked_unique: 2,
      clicked: 4,
      bounced_unique: 1,
      complained_unique: 1,
      unsubscribed_unique: 1,
      converted: 1,
    });
    expect(email?.links).toEqual([
      { url: "https://shop.test/y", clicks: 2, uniqueClicks: 2 },
      { url: "https://shop.test/x", clicks: 2, uniqueClicks: 1 },
    ]);
    const totals = dashboard.series.reduce((sum, p) => ({ sent: sum.sent + p.sent, opened: sum.opened + p.opened }), {
      sent: 0,
      opened: 0,
    });
    expect(totals).toEqual({ sent: 3, opened: 2 });

    // Another version's filter sees none of it.
    const other = await createLiveJourney(db, workspaceId, "Other", buildLinearGraph("x", [{ kind: "exit" }]));
    const filtered = await loadJourneyDashboard(db, {
      journeyId: journey.journeyId,
      versionId: other.versionId,
      range: "all",
      grain: "hour",
    });
    expect(filtered.flow).toMatchObject({ entered: 0, emailsSent: 0, active: 0 });
    expect(filtered.emails).toEqual([]);
  });
});
