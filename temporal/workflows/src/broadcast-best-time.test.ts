// broadcastSend with the "within the next 24 h, at each contact's best time" schedule, on the
// time-skipping test server over opens and clicks seeded in Postgres: an engaged contact goes at
// their own best hour in their zone, the rest at the workspace's best hour in theirs, and in a
// workspace with no history everyone goes at once; pages never mix two instants.
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { broadcastRecipients } from "@mailstream/db/schema";
import { createScheduledBroadcastFixture, createSegmentAudienceFixture } from "@mailstream/testing/broadcast-fixtures";
import { dailyAt, seedEngagements } from "@mailstream/testing/engagement-fixtures";
import { createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import { timeSkippingWorkersTest, type TimeSkippingWorkers } from "@mailstream/testing/temporal-workers";
import type { broadcastSend } from "./broadcast-send";

const DAY_MS = 86_400_000;

async function sendBestTime(workers: TimeSkippingWorkers, workspaceId: string, segmentId: string, startAt: Date) {
  const fixture = await createScheduledBroadcastFixture(workers.db, {
    workspaceId,
    segmentId,
    scheduleKind: "best_time",
    sendAt: startAt,
    emailTaskQueue: workers.taskQueues.email,
  });
  const handle = await workers.env.client.workflow.start<typeof broadcastSend>("broadcastSend", {
    taskQueue: workers.taskQueues.journeys,
    workflowId: fixture.workflowId,
    args: [fixture.input],
  });
  return { fixture, handle };
}

async function recipients(workers: TimeSkippingWorkers, broadcastId: string) {
  const rows = await workers.db
    .select({
      contactId: broadcastRecipients.contactId,
      state: broadcastRecipients.state,
      page: broadcastRecipients.page,
      sendAt: broadcastRecipients.sendAt,
    })
    .from(broadcastRecipients)
    .where(eq(broadcastRecipients.broadcastId, broadcastId));
  return new Map(rows.map((row) => [row.contactId, row]));
}

function wallClock(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
}

/** The hour's start, or — when `startAt` is already inside that local hour — `startAt` itself. */
function expectAtHour(sendAt: Date | undefined, startAt: Date, zone: string, hour: number) {
  if (!sendAt) throw new Error("recipient missing");
  expect(sendAt.getTime()).toBeGreaterThanOrEqual(startAt.getTime());
  expect(sendAt.getTime() - startAt.getTime()).toBeLessThan(DAY_MS);
  const expected = `${String(hour).padStart(2, "0")}:00`;
  if (sendAt.getTime() === startAt.getTime()) expect(wallClock(sendAt, zone).slice(0, 2)).toBe(expected.slice(0, 2));
  else expect(wallClock(sendAt, zone)).toBe(expected);
}

timeSkippingWorkersTest(
  "sends each contact at their best hour, the rest at the workspace's, within 24 hours",
  async ({ workers }) => {
    const { db } = workers;
    const startAt = new Date(await workers.env.currentTimeMs());
    const { workspaceId } = await createWorkspaceFixture(db);
    const { segmentId, contactIds } = await createSegmentAudienceFixture(db, workspaceId, [
      { timezone: "Asia/Tokyo" }, // 4 clicks at 14:10 UTC: 23:00 in Tokyo is theirs
      { timezone: "UTC" }, // 20 opens at 06:10 UTC: the workspace's habit too
      { timezone: "Europe/Berlin" }, // no history: the workspace's 06:00, in Berlin
      { timezone: "Asia/Kolkata" }, // 2 clicks are too few: the workspace's 06:00, in Kolkata
    ]);
    const [tokyo, regular, berlin, kolkata] = contactIds as [string, string, string, string];
    const now = startAt.getTime();
    await seedEngagements(db, { workspaceId, contactId: tokyo, engagements: dailyAt(now, 14, 4, "clicked") });
    await seedEngagements(db, { workspaceId, contactId: regular, engagements: dailyAt(now, 6, 20) });
    await seedEngagements(db, { workspaceId, contactId: kolkata, engagements: dailyAt(now, 17, 2, "clicked") });

    const quiet = await createWorkspaceFixture(db);
    const newcomers = await createSegmentAudienceFixture(db, quiet.workspaceId, [{ timezone: "Asia/Tokyo" }, {}]);

    const engaged = await sendBestTime(workers, workspaceId, segmentId, startAt);
    const fresh = await sendBestTime(workers, quiet.workspaceId, newcomers.segmentId, startAt);
    expect(await engaged.handle.result()).toEqual({ status: "done" });
    expect(await fresh.handle.result()).toEqual({ status: "done" });

    const rows = await recipients(workers, engaged.fixture.broadcastId);
    expectAtHour(rows.get(tokyo)?.sendAt, startAt, "Asia/Tokyo", 23);
    expectAtHour(rows.get(regular)?.sendAt, startAt, "UTC", 6);
    expectAtHour(rows.get(berlin)?.sendAt, startAt, "Europe/Berlin", 6);
    expectAtHour(rows.get(kolkata)?.sendAt, startAt, "Asia/Kolkata", 6);
    expect([...rows.values()].every((row) => row.state === "sent")).toBe(true);
    // One page per distinct instant, in time order.
    const byPage = [...rows.values()].sort((a, b) => a.page - b.page);
    for (let i = 1; i < byPage.length; i++) {
      const [before, after] = [byPage[i - 1], byPage[i]] as [(typeof byPage)[number], (typeof byPage)[number]];
      expect(after.sendAt.getTime()).toBeGreaterThanOrEqual(before.sendAt.getTime());
      if (after.page === before.page) expect(after.sendAt.getTime()).toBe(before.sendAt.getTime());
    }
    expect(new Set(byPage.map((row) => row.page)).size).toBe(new Set(byPage.map((row) => row.sendAt.getTime())).size);

    // No history anywhere: the chosen time, which for this schedule is when sending started.
    const freshRows = await recipients(workers, fresh.fixture.broadcastId);
    expect([...freshRows.values()].map((row) => [row.sendAt.getTime(), row.state])).toEqual([
      [startAt.getTime(), "sent"],
      [startAt.getTime(), "sent"],
    ]);
  },
  60_000,
);
