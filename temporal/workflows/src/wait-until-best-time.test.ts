// "Wait until the contact's best time" in journeyRun on its own time-skipping test server, over
// opens and clicks seeded in Postgres: a contact with enough history sleeps until their own best
// hour in their zone; one without it gets the workspace's hour (read in their own zone); in a
// workspace with no history at all, the step's fallback time. Each wait is at most a day.
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { contacts } from "@mailstream/db/schema";
import { dailyAt, seedEngagements } from "@mailstream/testing/engagement-fixtures";
import { createContactFixture, createRunFixture, createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import { keepHistory, timeSkippingWorkersTest } from "@mailstream/testing/temporal-workers";
import { startRunsAtWait, waitThenWakePlan, wallClock } from "./wait-fixtures";

const DAY = 86_400_000;

const untilBestTime = (fallbackTime: string) =>
  waitThenWakePlan({ kind: "wait_until_best_time", fallbackTime, fallbackTimeZone: "UTC" });

timeSkippingWorkersTest(
  "sleeps until the contact's own best hour, else the workspace's, else the fallback time",
  async ({ workers }) => {
    const { db } = workers;
    const now = Date.now();
    const { workspaceId } = await createWorkspaceFixture(db);
    const engaged = await createContactFixture(db, workspaceId, {});
    await db.update(contacts).set({ timezone: "Asia/Tokyo" }).where(eq(contacts.id, engaged.contactId));
    // 25 clicks at 14:10 UTC = 23:10 in Tokyo: this contact's hour, and enough for the workspace's.
    await seedEngagements(db, {
      workspaceId,
      contactId: engaged.contactId,
      engagements: dailyAt(now, 14, 25, "clicked"),
    });
    const newcomer = await createContactFixture(db, workspaceId, {});
    await db.update(contacts).set({ timezone: "America/New_York" }).where(eq(contacts.id, newcomer.contactId));
    const quiet = await createWorkspaceFixture(db);
    const stranger = await createContactFixture(db, quiet.workspaceId, { traits: { timezone: "Europe/Paris" } });

    const runs = [
      await createRunFixture(db, { workspaceId, contactId: engaged.contactId, plan: untilBestTime("06:15") }),
      await createRunFixture(db, { workspaceId, contactId: newcomer.contactId, plan: untilBestTime("06:15") }),
      await createRunFixture(db, {
        workspaceId: quiet.workspaceId,
        contactId: stranger.contactId,
        plan: untilBestTime("06:15"),
      }),
    ];
    const handles = await startRunsAtWait(db, workers, runs);
    for (const handle of handles) expect(await handle.result()).toEqual({ status: "completed" });

    const waits = await Promise.all(
      runs.map(async (run) => {
        const steps = await findRunSteps(db, run.runId);
        expect(steps.map((step) => step.nodeId)).toEqual(["trigger", "wait", "update", "exit"]);
        return steps[1] as { outcome: string; detail: unknown };
      }),
    );
    const detail = waits.map(
      (wait) => wait.detail as { targetAt: string; timeZone: string; bestHour: number | null; source: string },
    );
    expect(detail[0]).toMatchObject({
      timeZone: "Asia/Tokyo",
      bestHour: 23,
      source: "contact",
      mode: "wait_until_best_time",
    });
    expect(detail[1]).toMatchObject({ timeZone: "America/New_York", bestHour: 23, source: "workspace" });
    expect(detail[2]).toMatchObject({ timeZone: "Europe/Paris", bestHour: null, source: "fallback" });
    for (const [i, wait] of waits.entries()) {
      const zone = detail[i]?.timeZone as string;
      const targetAt = detail[i]?.targetAt as string;
      expect(Date.parse(targetAt) - now).toBeLessThanOrEqual(DAY);
      // Inside the hour already means "now" (continued); otherwise the hour's start.
      if (wait.outcome === "waiting") expect(wallClock(targetAt, zone).time).toBe(i === 2 ? "06:15" : "23:00");
      else expect(wallClock(targetAt, zone).time.slice(0, 2)).toBe("23");
    }
    const closedAt = await Promise.all(handles.map(async (handle) => (await handle.describe()).closeTime?.getTime()));
    for (const [i, at] of closedAt.entries())
      expect(at).toBeGreaterThanOrEqual(Date.parse(detail[i]?.targetAt as string));
    await keepHistory(handles[0] as (typeof handles)[number], "journey-run-until-best-time.json");
  },
  60_000,
);
