// One template's metrics across journeys (hand-computed), the chart's full set of series, a
// custom from/to window, the version graph, and the errors that name a bad field.
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { writeRunDetailed } from "@mailstream/testing/run-fixtures";
import { createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { buildLinearGraph, createLiveJourney, createTemplateFixture } from "@mailstream/testing/workspace-fixtures";

const db = testDb();

describe("template metrics across journeys", () => {
  it("sum each journey's sends of the template, plot every counter, and honour from/to", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const { workspaceId } = workspace;
    const templateId = await createTemplateFixture(db, workspaceId, "Shared", "Hi");
    const otherTemplate = await createTemplateFixture(db, workspaceId, "Other", "Yo");
    const graph = buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]);
    const welcome = await createLiveJourney(db, workspaceId, "Welcome", graph);
    const winback = await createLiveJourney(db, workspaceId, "Win-back", graph);
    const send = async (journey: { journeyId: string; versionId: string }, template: string) =>
      (await writeRunDetailed(db, { workspaceId, ...journey, templateId: template, nodes: ["trigger", "email-1"] }))
        .messages["email-1"] as string;
    const event = (
      messageId: string,
      type: Parameters<typeof recordMessageEvent>[1]["type"],
      key: string,
      data?: Record<string, unknown>,
    ) => recordMessageEvent(db, { workspaceId, messageId, type, dedupeKey: `${messageId}:${key}`, data });

    // Welcome: 2 sends, one opened twice and clicked; Win-back: 1 send, complained and unsubscribed.
    const w1 = await send(welcome, templateId);
    await send(welcome, templateId);
    const b1 = await send(winback, templateId);
    await send(winback, otherTemplate); // another template: not counted
    await event(w1, "opened", "o1");
    await event(w1, "opened", "o2");
    await event(w1, "clicked", "c1", { url: "https://shop.test/x" });
    await event(b1, "complained", "c");
    await event(b1, "unsubscribed", "u");

    const result = await caller.metrics.template({ templateId, range: "all", grain: "minute" });
    expect(result.template.name).toBe("Shared");
    expect(
      result.journeys.map((j) => [
        j.journeyName,
        j.counts.sent,
        j.counts.opened_unique,
        j.counts.opened,
        j.counts.clicked_unique,
        j.counts.complained_unique,
        j.counts.unsubscribed_unique,
      ]),
    ).toEqual([
      ["Welcome", 2, 1, 2, 1, 0, 0],
      ["Win-back", 1, 0, 0, 0, 1, 1],
    ]);
    expect(result.links).toEqual([{ url: "https://shop.test/x", clicks: 1, uniqueClicks: 1 }]);
    const totals = result.series.reduce(
      (sum, p) => ({
        sent: sum.sent + p.sent,
        openedTotal: sum.openedTotal + p.openedTotal,
        complained: sum.complained + p.complained,
        unsubscribed: sum.unsubscribed + p.unsubscribed,
        clickedTotal: sum.clickedTotal + p.clickedTotal,
      }),
      { sent: 0, openedTotal: 0, complained: 0, unsubscribed: 0, clickedTotal: 0 },
    );
    expect(totals).toEqual({ sent: 3, openedTotal: 2, complained: 1, unsubscribed: 1, clickedTotal: 1 });

    // A custom window that ended an hour ago holds none of it; one around now holds all of it.
    const hourAgo = new Date(Date.now() - 3_600_000);
    const empty = await caller.metrics.template({
      templateId,
      range: "all",
      grain: "hour",
      from: new Date(Date.now() - 7_200_000),
      to: hourAgo,
    });
    expect(empty.journeys).toEqual([]);
    const dashboard = await caller.metrics.dashboard({
      journeyId: welcome.journeyId,
      from: hourAgo,
      to: new Date(Date.now() + 60_000),
    });
    expect(dashboard.flow.emailsSent).toBe(2);
    const past = await caller.metrics.dashboard({
      journeyId: welcome.journeyId,
      from: new Date(Date.now() - 7_200_000),
      to: hourAgo,
    });
    expect(past.flow.emailsSent).toBe(0);

    // The version graph is the one published, and only for its own journey.
    expect(
      (await caller.metrics.versionGraph({ journeyId: welcome.journeyId, versionId: welcome.versionId })).graph,
    ).toEqual(graph);
    await expect(
      caller.metrics.versionGraph({ journeyId: winback.journeyId, versionId: welcome.versionId }),
    ).rejects.toThrow(/does not belong to journey/);
  });

  it("names the field on bad input", async () => {
    const { caller } = await createWorkspaceCaller();
    const reversed = caller.metrics.dashboard({
      journeyId: crypto.randomUUID(),
      from: new Date(),
      to: new Date(Date.now() - 1000),
    });
    await expect(reversed).rejects.toThrow(/to must be later than from/);
    await expect(caller.metrics.template({ templateId: crypto.randomUUID() })).rejects.toThrow(
      /does not exist in this workspace/,
    );
    await expect(caller.metrics.template({ templateId: "nope" })).rejects.toThrow(/templateId must be a UUID/);
    const settings = caller.metrics.updateAlertSettings({ bounceRateThreshold: 1.5, alertWindowMinutes: 2 });
    await expect(settings).rejects.toBeInstanceOf(TRPCError);
    await expect(caller.metrics.updateAlertSettings({ bounceRateThreshold: 1.5 })).rejects.toThrow(
      /Bounce rate threshold must be below 100%/,
    );
    await expect(caller.metrics.updateAlertSettings({ alertWindowMinutes: 2 })).rejects.toThrow(
      /Alert window must be at least 5 minutes/,
    );
  });
});
