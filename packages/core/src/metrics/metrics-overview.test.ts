// The workspace overview and a custom attribution window against scripted scenarios with
// hand-computed expectations.
import { randomUUID } from "node:crypto";
import { insertEventsOnce } from "@mailstream/db/queries/events";
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { upsertMetricSettings } from "@mailstream/db/queries/metrics-alerts";
import { insertMessageOnce, markMessageSent } from "@mailstream/db/queries/messages-send";
import { ensureContact } from "@mailstream/db/queries/contacts";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadJourneyDashboard } from "./live-payload";
import { writeRunDetailed } from "@mailstream/testing/run-fixtures";
import { testDb } from "@mailstream/testing/test-db";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";
import { getWorkspaceOverview } from "./journey-metrics";

const db = testDb();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A message outside any journey, sent at `sentAt` (a test send, a transactional email). */
async function sendLoose(workspaceId: string, sentAt: Date): Promise<string> {
  const userId = `loose-${randomUUID()}`;
  const contact = await ensureContact(db, { workspaceId, userId, email: `${userId}@example.test`, timezone: null });
  const message = await insertMessageOnce(db, {
    workspaceId,
    contactId: contact.id,
    runId: null,
    journeyId: null,
    nodeId: null,
    templateId: null,
    idempotencyKey: `loose:${userId}`,
    toAddress: `${userId}@example.test`,
    fromAddress: "Test <test@mailstream.test>",
    subject: "Hi",
    html: "<p>hi</p>",
    text: "hi",
    transport: "outbox",
  });
  await markMessageSent(db, { messageId: message.id, workspaceId, providerMessageId: `outbox-${message.id}`, sentAt });
  return message.id;
}

describe("workspace overview", () => {
  it("matches a hand-computed scenario", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const now = Date.now();
    const templateId = await createTemplateFixture(db, workspaceId, "Overview", "Hi");
    const graph = buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]);
    const alpha = await createLiveJourney(db, workspaceId, "Alpha", graph);
    const beta = await createLiveJourney(db, workspaceId, "Beta", graph);
    const gamma = await createLiveJourney(db, workspaceId, "Gamma", graph);
    const runs = (j: { journeyId: string; versionId: string }) => ({
      workspaceId,
      journeyId: j.journeyId,
      versionId: j.versionId,
    });
    // Alpha: 10 entered, 10 converted. Beta: 11 entered, 9 converted, 2 still active with a send
    // each. Gamma: 1 active with a send. Ranked by conversions: Alpha (10) above Beta (9) —
    // numbers, not text, where "9" > "10".
    for (let i = 0; i < 10; i++)
      await writeRunDetailed(db, { ...runs(alpha), nodes: ["trigger"], convertedAt: new Date(now) });
    for (let i = 0; i < 9; i++)
      await writeRunDetailed(db, { ...runs(beta), nodes: ["trigger"], convertedAt: new Date(now) });
    const b1 = await writeRunDetailed(db, { ...runs(beta), nodes: ["trigger", "email-1"] });
    const b2 = await writeRunDetailed(db, { ...runs(beta), nodes: ["trigger", "email-1"] });
    const g1 = await writeRunDetailed(db, { ...runs(gamma), nodes: ["trigger", "email-1"] });
    // Outside journeys: one send 20 min ago (in the 24 h window, not in the 15 min rate), one
    // 25 h ago (outside both, with a bounce that must not count).
    const old = await sendLoose(workspaceId, new Date(now - 20 * MINUTE));
    const stale = await sendLoose(workspaceId, new Date(now - 25 * HOUR));
    const event = (messageId: string, type: "delivered" | "bounced" | "complained", at = new Date()) =>
      recordMessageEvent(db, { workspaceId, messageId, type, dedupeKey: `${messageId}:${type}`, occurredAt: at });
    await event(b1.messages["email-1"] as string, "delivered");
    await event(b2.messages["email-1"] as string, "delivered");
    await event(g1.messages["email-1"] as string, "bounced");
    await event(old, "delivered", new Date(now - 19 * MINUTE));
    await event(old, "complained", new Date(now - 10 * MINUTE));
    await event(stale, "bounced", new Date(now - 25 * HOUR + MINUTE));
    // Ingest: 30 events in the last minute, 5 received two minutes ago.
    const track = (i: number, receivedAt: Date) => ({
      workspaceId,
      messageId: `ov-${randomUUID()}`,
      type: "track" as const,
      userId: `u${i}`,
      event: "page_view",
      timestamp: receivedAt,
      receivedAt,
    });
    await insertEventsOnce(db, [
      ...Array.from({ length: 30 }, (_, i) => track(i, new Date(now - 1_000))),
      ...Array.from({ length: 5 }, (_, i) => track(i, new Date(now - 2 * MINUTE))),
    ]);

    const overview = await getWorkspaceOverview(db, workspaceId);
    expect(overview.eventsPerSecond).toBeCloseTo(30 / 60, 10);
    expect(overview.activeRuns).toBe(3);
    // 3 journey sends now + none other in 15 min (the loose one was 20 min ago).
    expect(overview.emailsPerMinute).toBeCloseTo(3 / 15, 10);
    expect(overview.window).toEqual({ sent: 4, delivered: 3, bounced: 1, complained: 1, hours: 24 });
    expect(overview.rates).toEqual({ delivery: 0.75, bounce: 0.25, complaint: 0.25 });
    expect(overview.journeys.map((j) => [j.name, j.entered, j.converted])).toEqual([
      ["Alpha", 10, 10],
      ["Beta", 11, 9],
      ["Gamma", 1, 0],
    ]);
  });

  it("credits conversions only inside a custom attribution window", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    await upsertMetricSettings(db, workspaceId, { attributionWindowHours: 2 });
    const templateId = await createTemplateFixture(db, workspaceId, "Window", "Hi");
    const journey = await createLiveJourney(
      db,
      workspaceId,
      "Window",
      buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]),
    );
    const base = {
      workspaceId,
      journeyId: journey.journeyId,
      versionId: journey.versionId,
      templateId,
      nodes: ["trigger", "email-1"],
    };
    const now = Date.now();
    // Goals 1 h and 1 h 59 min after the send are inside 2 h; 3 h and 50 h are not (both
    // would be inside the 72 h default).
    for (const after of [HOUR, 2 * HOUR - MINUTE, 3 * HOUR, 50 * HOUR])
      await writeRunDetailed(db, { ...base, convertedAt: new Date(now + after) });
    await writeRunDetailed(db, base);

    const filter = { journeyId: journey.journeyId, versionId: null, range: "all", grain: "day" } as const;
    const dashboard = await loadJourneyDashboard(db, filter);
    expect(dashboard.flow).toMatchObject({ entered: 5, converted: 4, emailsSent: 5 });
    expect(dashboard.emails[0]?.counts).toMatchObject({ sent: 5, converted: 2 });
    expect(dashboard.series.reduce((n, p) => n + p.converted, 0)).toBe(2);
    // The set-based rebuild applies the same window.
    await db.execute(sql`select metrics_rebuild_rollups(${workspaceId}::uuid)`);
    expect(await loadJourneyDashboard(db, filter)).toEqual(dashboard);
  });
});
