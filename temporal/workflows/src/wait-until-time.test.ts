// "Wait until 09:30 on Mon/Thu" in journeyRun, on its own time-skipping test server (waits of
// up to days; a fresh server so workflow time and the activity's clock agree when the wait is
// resolved): the contact's zone beats the journey's fallback, a contact without a usable zone
// gets the fallback, and each run sleeps until the resolved instant, then moves on.
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { contacts } from "@mailstream/db/schema";
import type { Weekday } from "@mailstream/journey/schema";
import { createContactFixture, createRunFixture, createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import { keepHistory, timeSkippingWorkersTest } from "@mailstream/testing/temporal-workers";
import { startRunsAtWait, waitThenWakePlan, wallClock } from "./wait-fixtures";

const DAY = 86_400_000;

const untilTime = (time: string, weekdays: Weekday[]) =>
  waitThenWakePlan({ kind: "wait_until_time", time, weekdays, fallbackTimeZone: "America/New_York" });

timeSkippingWorkersTest(
  "sleeps until the time in the contact's zone on a chosen weekday, or in the journey's fallback zone",
  async ({ workers }) => {
    const { db } = workers;
    const { workspaceId } = await createWorkspaceFixture(db);
    const zoned = await createContactFixture(db, workspaceId, { traits: { timezone: "Europe/Paris" } });
    await db.update(contacts).set({ timezone: "Asia/Tokyo" }).where(eq(contacts.id, zoned.contactId));
    const unzoned = await createContactFixture(db, workspaceId, { traits: { timezone: "Mars/Olympus" } });
    const before = Date.now();
    const tokyo = await createRunFixture(db, {
      workspaceId,
      contactId: zoned.contactId,
      plan: untilTime("09:30", ["mon", "thu"]),
    });
    const fallback = await createRunFixture(db, {
      workspaceId,
      contactId: unzoned.contactId,
      plan: untilTime("06:15", []),
    });
    const handles = await startRunsAtWait(db, workers, [tokyo, fallback]);
    for (const handle of handles) expect(await handle.result()).toEqual({ status: "completed" });

    const [tokyoSteps, fallbackSteps] = [await findRunSteps(db, tokyo.runId), await findRunSteps(db, fallback.runId)];
    for (const steps of [tokyoSteps, fallbackSteps]) {
      expect(steps.map((step) => [step.nodeId, step.outcome])).toEqual([
        ["trigger", "entered"],
        ["wait", "waiting"],
        ["update", "updated"],
        ["exit", "exited"],
      ]);
    }
    const tokyoWait = tokyoSteps[1]?.detail as { targetAt: string; timeZone: string; mode: string };
    expect(tokyoWait).toMatchObject({ timeZone: "Asia/Tokyo", mode: "wait_until_time" });
    expect(wallClock(tokyoWait.targetAt, "Asia/Tokyo").time).toBe("09:30");
    expect(["mon", "thu"]).toContain(wallClock(tokyoWait.targetAt, "Asia/Tokyo").weekday);
    expect(Date.parse(tokyoWait.targetAt) - before).toBeGreaterThan(0);
    expect(Date.parse(tokyoWait.targetAt) - before).toBeLessThanOrEqual(4 * DAY); // Thu → Mon is the longest gap

    const fallbackWait = fallbackSteps[1]?.detail as { targetAt: string; timeZone: string };
    expect(fallbackWait.timeZone).toBe("America/New_York");
    expect(wallClock(fallbackWait.targetAt, "America/New_York").time).toBe("06:15");
    expect(Date.parse(fallbackWait.targetAt) - before).toBeLessThanOrEqual(DAY);

    // The runs slept until the resolved instants (workflow time), not just past the step.
    const closedAt = await Promise.all(
      handles.map(async (handle) => (await handle.describe()).closeTime?.getTime() ?? 0),
    );
    expect(closedAt[0]).toBeGreaterThanOrEqual(Date.parse(tokyoWait.targetAt));
    expect(closedAt[1]).toBeGreaterThanOrEqual(Date.parse(fallbackWait.targetAt));
    await keepHistory(handles[0] as (typeof handles)[number], "journey-run-until-time.json");
  },
  60_000,
);
