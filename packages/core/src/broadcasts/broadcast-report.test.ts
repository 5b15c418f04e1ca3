// The broadcast report's "converted" on the real database: a recipient converts when the goal's
// track event arrives for their contact within the workspace's attribution window after their
// send — counted per variant and phase, in the totals and in the CSV; not before the send, not
// after the window, not another event. A broadcast without a goal says so (null), never 0.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Db } from "@mailstream/db/client";
import { upsertMetricSettings } from "@mailstream/db/queries/metrics-alerts";
import { events, type BroadcastAbTest } from "@mailstream/db/schema";
import { createSentSampleFixture, type SentSampleRecipient } from "@mailstream/testing/broadcast-fixtures";
import { testDb } from "@mailstream/testing/test-db";
import { exportBroadcastRecipientsCsv, getBroadcastProgress } from "./broadcast-report";

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

const TEST: BroadcastAbTest = {
  samplePercent: 50,
  metric: "goal_conversion",
  goal: { event: "purchased", windowMs: 2 * HOUR_MS },
  durationMs: HOUR_MS,
  fallback: { kind: "stop" },
  confidence: 0.95,
  minSamplePerArm: 5,
};

/** A track event by the recipient's contact, `afterSendMs` after (or, negative, before) their send. */
async function track(db: Db, workspaceId: string, who: SentSampleRecipient, event: string, afterSendMs: number) {
  await db.insert(events).values({
    workspaceId,
    messageId: randomUUID(),
    type: "track",
    userId: who.userId,
    event,
    timestamp: new Date(who.handledAt.getTime() + afterSendMs),
    // Already applied: no dispatcher of another test picks it up.
    dispatchedAt: new Date(),
  });
}

function recipient(list: readonly SentSampleRecipient[], index: number): SentSampleRecipient {
  const found = list[index];
  if (!found) throw new Error(`no recipient ${index}`);
  return found;
}

describe("broadcast report: converted", () => {
  it("counts the goal within the workspace's attribution window, per variant and phase, in totals and the CSV", async () => {
    const db = testDb();
    const b = await createSentSampleFixture(db, { abTest: TEST, audienceSize: 20, goalEvent: "purchased" });
    await upsertMetricSettings(db, b.workspaceId, { attributionWindowHours: 2 });
    const [a, bb] = [b.recipientsA, b.recipientsB];
    expect([a.length, bb.length]).toEqual([5, 5]);
    for (const index of [0, 1, 2]) await track(db, b.workspaceId, recipient(a, index), "purchased", 10 * MINUTE_MS);
    // A second goal event by a converted contact counts them once.
    await track(db, b.workspaceId, recipient(a, 0), "purchased", 20 * MINUTE_MS);
    await track(db, b.workspaceId, recipient(a, 3), "purchased", 3 * HOUR_MS); // after the 2 h window
    await track(db, b.workspaceId, recipient(a, 4), "viewed_product", 10 * MINUTE_MS); // not the goal
    await track(db, b.workspaceId, recipient(bb, 0), "purchased", -HOUR_MS); // before the send
    await track(db, b.workspaceId, recipient(bb, 1), "purchased", HOUR_MS);

    const progress = await getBroadcastProgress(db, b.workspaceId, b.broadcastId);
    expect(progress.conversion).toEqual({ event: "purchased", windowHours: 2 });
    expect(progress.funnel).toMatchObject({ sent: 10, converted: 4 });
    const byRow = Object.fromEntries(progress.variants.map((v) => [`${v.phase}:${v.variantKey}`, v]));
    expect(byRow["test:A"]).toMatchObject({ sent: 5, converted: 3 });
    expect(byRow["test:B"]).toMatchObject({ sent: 5, converted: 1 });
    expect(byRow["winner:null"]).toMatchObject({ recipients: 10, pending: 10, converted: 0 });
    // The test judges on the same rule, with its own window (2 h here too).
    expect(progress.test?.arms.map((arm) => [arm.variantKey, arm.successes])).toEqual([
      ["A", 3],
      ["B", 1],
    ]);

    const csv = (await exportBroadcastRecipientsCsv(db, b.workspaceId, b.broadcastId)).trim().split("\n");
    expect(csv[0]).toBe("contact_id,email,state,reason,message_status,handled_at,variant,phase,converted_at");
    const convertedAt = new Map(csv.slice(1).map((line) => [line.split(",")[0], line.split(",")[8]]));
    expect(convertedAt.get(recipient(a, 0).contactId)).toBe(
      new Date(recipient(a, 0).handledAt.getTime() + 10 * MINUTE_MS).toISOString(),
    );
    expect(convertedAt.get(recipient(a, 3).contactId)).toBe("");
    expect(convertedAt.get(recipient(bb, 0).contactId)).toBe("");
    expect([...convertedAt.values()].filter(Boolean)).toHaveLength(4);

    // A wider workspace window reaches the 3 h purchase; the test keeps its own 2 h window.
    await upsertMetricSettings(db, b.workspaceId, { attributionWindowHours: 4 });
    const wider = await getBroadcastProgress(db, b.workspaceId, b.broadcastId);
    expect(wider.conversion).toEqual({ event: "purchased", windowHours: 4 });
    expect(wider.funnel.converted).toBe(5);
    expect(wider.test?.arms.map((arm) => arm.successes)).toEqual([3, 1]);
  });

  it("says there is no goal rather than counting 0", async () => {
    const db = testDb();
    const b = await createSentSampleFixture(db, {
      abTest: { ...TEST, metric: "click_rate", goal: null },
      audienceSize: 20,
    });
    await track(db, b.workspaceId, recipient(b.recipientsA, 0), "purchased", MINUTE_MS);
    const progress = await getBroadcastProgress(db, b.workspaceId, b.broadcastId);
    expect(progress.conversion).toBeNull();
    expect(progress.funnel.converted).toBeNull();
    expect(progress.variants.map((v) => v.converted)).toEqual([null, null, null]);
    const csv = (await exportBroadcastRecipientsCsv(db, b.workspaceId, b.broadcastId)).trim().split("\n");
    expect(csv.slice(1).every((line) => line.endsWith(","))).toBe(true);
  });

  it("reads the goal of a test drafted before broadcasts had their own (goal_event empty)", async () => {
    const db = testDb();
    const b = await createSentSampleFixture(db, { abTest: TEST, audienceSize: 20 });
    await track(db, b.workspaceId, recipient(b.recipientsB, 2), "purchased", MINUTE_MS);
    const progress = await getBroadcastProgress(db, b.workspaceId, b.broadcastId);
    // The workspace's default attribution window: 72 hours.
    expect(progress.conversion).toEqual({ event: "purchased", windowHours: 72 });
    expect(progress.funnel.converted).toBe(1);
  });
});
