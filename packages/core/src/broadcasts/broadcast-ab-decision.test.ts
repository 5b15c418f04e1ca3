// The staggered test's decision on the real database: the sample split exactly by weight from the
// snapshot, clicks seeded through message events, the sequential test's verdict before and after
// the evidence is clear, the winner given to the rest once (a retry changes nothing), and at the
// deadline a stop that skips the rest with its reason.
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@mailstream/db/client";
import { broadcastRecipients, broadcasts, type BroadcastAbTest } from "@mailstream/db/schema";
import { createSentSampleFixture } from "@mailstream/testing/broadcast-fixtures";
import { testDb } from "@mailstream/testing/test-db";
import { checkBroadcastTest, evaluateBroadcastTest } from "./broadcast-ab-decision";

const TEST: BroadcastAbTest = {
  samplePercent: 50,
  metric: "click_rate",
  goal: null,
  durationMs: 3_600_000,
  fallback: { kind: "stop" },
  confidence: 0.95,
  minSamplePerArm: 5,
};

/** A scheduled A/B broadcast to 40 contacts, snapshotted, its sample "sent" (a message per row). */
const sentSample = (db: Db) => createSentSampleFixture(db, { abTest: TEST, audienceSize: 40 });

async function restRows(db: Db, broadcastId: string) {
  return db
    .select({ variantId: broadcastRecipients.variantId, state: broadcastRecipients.state })
    .from(broadcastRecipients)
    .where(and(eq(broadcastRecipients.broadcastId, broadcastId), eq(broadcastRecipients.phase, "winner")));
}

describe("checkBroadcastTest", () => {
  it("waits while the evidence is short of the bar, then declares the winner once and gives it to the rest", async () => {
    const db = testDb();
    const b = await sentSample(db);
    expect(b.snapshot).toMatchObject({ recipientCount: 40, testPageCount: 1, pageCount: 2 });
    expect([b.messagesA.length, b.messagesB.length]).toEqual([10, 10]);

    // 8 of 10 against 1 of 10: an e-value of about 17.4, short of 1/α = 20.
    await b.click([...b.messagesA.slice(0, 8), ...b.messagesB.slice(0, 1)]);
    const early = await checkBroadcastTest(db, { ...b, isFinal: false });
    expect(early).toMatchObject({ isDecided: false });
    expect(early.isDecided ? "" : early.reason).toMatch(
      /^No variant is ahead at 95\.0% confidence yet \(leader Variant A/,
    );
    expect(await restRows(db, b.broadcastId)).toSatisfy((rows: { variantId: string | null }[]) =>
      rows.every((row) => row.variantId === null),
    );

    await b.click(b.messagesA.slice(8));
    const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, b.broadcastId));
    const state = await evaluateBroadcastTest(db, row as NonNullable<typeof row>);
    expect(state?.arms.map((arm) => [arm.name, arm.trials, arm.successes])).toEqual([
      ["Variant A", 10, 10],
      ["Variant B", 10, 1],
    ]);
    const decided = await checkBroadcastTest(db, { ...b, isFinal: false });
    expect(decided).toMatchObject({ isDecided: true, decision: { outcome: "winner", variantKey: "A", isEarly: true } });
    const winnerId = b.variants.find((v) => v.key === "A")?.id;
    const rest = await restRows(db, b.broadcastId);
    expect(rest).toHaveLength(20);
    expect(rest.every((r) => r.variantId === winnerId && r.state === "pending")).toBe(true);

    // A retried check (or a late final one) returns the stored decision and changes nothing.
    const again = await checkBroadcastTest(db, { ...b, isFinal: true });
    expect(again).toEqual(decided);
  });

  it("at the deadline without a winner, stops: the rest are skipped with the reason and counted", async () => {
    const db = testDb();
    const b = await sentSample(db);
    await b.click([b.messagesA[0] as string, b.messagesB[0] as string]);
    const final = await checkBroadcastTest(db, { ...b, isFinal: true });
    expect(final).toMatchObject({ isDecided: true, decision: { outcome: "stop", variantKey: null, isEarly: false } });
    expect(final.isDecided && final.decision.stats?.arms.map((a) => a.successes)).toEqual([1, 1]);
    const rest = await restRows(db, b.broadcastId);
    expect(rest.every((r) => r.state === "skipped")).toBe(true);
    const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, b.broadcastId));
    expect(row).toMatchObject({ sentCount: 20, skippedCount: 20 });
    const undecided = await db
      .select()
      .from(broadcasts)
      .where(and(eq(broadcasts.id, b.broadcastId), isNull(broadcasts.abDecision)));
    expect(undecided).toHaveLength(0);
  });
});
