// Staggered A/B/n broadcasts on the time-skipping test server: the sample goes first (one email
// per contact, `broadcast:<id>:<contact>` keys across both phases), the sequential test ends the
// test early on a clear winner, the fallback variant or a stop applies at the deadline, and a
// pause during the test holds the decision (and the rest) until resume.
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import { and, eq, like } from "drizzle-orm";
import { expect } from "vitest";
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { broadcastRecipients, broadcasts, messages, type BroadcastAbTest } from "@mailstream/db/schema";
import { broadcastProgressQuery, setBroadcastPausedSignal } from "@mailstream/temporal-contracts";
import { startBroadcastToNewAudience } from "@mailstream/testing/broadcast-fixtures";
import { timeSkippingWorkersTest, type TimeSkippingWorkers } from "@mailstream/testing/temporal-workers";

const HOUR_MS = 3_600_000;
const VARIANTS = [
  { subject: "A: hello {{ contact.first_name }}", weight: 50 },
  { subject: "B: news for {{ contact.first_name }}", weight: 50 },
];

function abTest(fields: Partial<BroadcastAbTest>): BroadcastAbTest {
  return {
    samplePercent: 20,
    metric: "open_rate",
    goal: null,
    durationMs: 4 * HOUR_MS,
    fallback: { kind: "stop" },
    confidence: 0.95,
    minSamplePerArm: 5,
    ...fields,
  };
}

function setUp(workers: TimeSkippingWorkers, audience: number, test: BroadcastAbTest) {
  return startBroadcastToNewAudience({ ...workers, client: workers.env.client }, audience, {
    abTest: test,
    variants: VARIANTS,
  });
}

async function broadcastRow(workers: TimeSkippingWorkers, broadcastId: string) {
  const [row] = await workers.db.select().from(broadcasts).where(eq(broadcasts.id, broadcastId));
  if (!row) throw new Error("broadcast vanished");
  return row;
}

/** Without awaiting the result, the test server's clock does not skip: the sample goes out in real time. */
async function waitForSent(workers: TimeSkippingWorkers, broadcastId: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await broadcastRow(workers, broadcastId)).sentCount < count) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} sends`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Subject prefix ("A" / "B") per phase, from the stored messages and the recipients' rows. */
async function sentSubjects(workers: TimeSkippingWorkers, broadcastId: string) {
  const rows = await workers.db
    .select({ phase: broadcastRecipients.phase, subject: messages.subject, key: messages.idempotencyKey })
    .from(broadcastRecipients)
    .innerJoin(messages, eq(messages.id, broadcastRecipients.messageId))
    .where(eq(broadcastRecipients.broadcastId, broadcastId));
  const count = (phase: string, prefix: string) =>
    rows.filter((r) => r.phase === phase && r.subject.startsWith(prefix)).length;
  return { rows, count };
}

timeSkippingWorkersTest(
  "sends the sample, ends the test early on a clear winner and sends the winner to the rest",
  async ({ workers }) => {
    const { db } = workers;
    const b = await setUp(workers, 100, abTest({}));
    await waitForSent(workers, b.broadcastId, 20);
    const sample = await sentSubjects(workers, b.broadcastId);
    expect([sample.count("test", "A: hello Ada"), sample.count("test", "B: news for Ada")]).toEqual([10, 10]);
    // Every A email opened, no B email: the sequential test's evidence clears 1/α at once.
    for (const row of sample.rows.filter((r) => r.subject.startsWith("A:"))) {
      const [message] = await db.select().from(messages).where(eq(messages.idempotencyKey, row.key));
      await recordMessageEvent(db, {
        workspaceId: b.workspaceId,
        messageId: message?.id as string,
        type: "opened",
        dedupeKey: `open:${message?.id}:test`,
      });
    }
    expect(await b.handle.result()).toEqual({ status: "done" });

    const row = await broadcastRow(workers, b.broadcastId);
    expect(row).toMatchObject({ status: "done", recipientCount: 100, sentCount: 100 });
    // Decided by a check before the deadline (isFinal false), not at it.
    expect(row.abDecision).toMatchObject({ outcome: "winner", variantKey: "A", isEarly: true });
    expect(row.abDecision?.reason).toMatch(/Variant A is ahead at 95\.0% confidence/);
    expect(row.abDecision?.stats?.arms.map((arm) => [arm.trials, arm.successes])).toEqual([
      [10, 10],
      [10, 0],
    ]);
    const all = await sentSubjects(workers, b.broadcastId);
    expect(all.count("winner", "A: hello Ada")).toBe(80);
    const keys = await db
      .select({ key: messages.idempotencyKey })
      .from(messages)
      .where(like(messages.idempotencyKey, `broadcast:${b.broadcastId}:%`));
    expect(new Set(keys.map((k) => k.key)).size).toBe(100);
    expect(keys).toHaveLength(100);
    // The test → winner path, recorded once for broadcast-send-replay.test.ts.
    const path = fileURLToPath(new URL("./histories/broadcast-send-ab-winner.json", import.meta.url));
    if (!existsSync(path)) writeFileSync(path, `${historyToJSON(await b.handle.fetchHistory())}\n`);
  },
  60_000,
);

timeSkippingWorkersTest(
  "sends the fallback variant to the rest when no variant wins by the deadline",
  async ({ workers }) => {
    const b = await setUp(workers, 40, abTest({ samplePercent: 25, fallback: { kind: "variant", key: "B" } }));
    expect(await b.handle.result()).toEqual({ status: "done" });
    const row = await broadcastRow(workers, b.broadcastId);
    expect(row).toMatchObject({ status: "done", sentCount: 40 });
    expect(row.abDecision).toMatchObject({ outcome: "fallback", variantKey: "B", isEarly: false });
    expect(row.abDecision?.reason).toMatch(
      /^No winner by the deadline: .*The fallback, variant B, goes to the rest\.$/,
    );
    const all = await sentSubjects(workers, b.broadcastId);
    expect([all.count("test", "A:"), all.count("test", "B:"), all.count("winner", "B:")]).toEqual([5, 5, 30]);
  },
  60_000,
);

timeSkippingWorkersTest(
  "stops at the deadline without a winner: the rest are skipped with the reason",
  async ({ workers }) => {
    const b = await setUp(workers, 40, abTest({ samplePercent: 25 }));
    expect(await b.handle.result()).toEqual({ status: "done" });
    const row = await broadcastRow(workers, b.broadcastId);
    expect(row).toMatchObject({ status: "done", sentCount: 10, skippedCount: 30 });
    expect(row.abDecision).toMatchObject({ outcome: "stop", variantKey: null });
    const rest = await workers.db
      .select({ state: broadcastRecipients.state, reason: broadcastRecipients.reason })
      .from(broadcastRecipients)
      .where(and(eq(broadcastRecipients.broadcastId, b.broadcastId), eq(broadcastRecipients.phase, "winner")));
    expect(rest).toHaveLength(30);
    expect(
      rest.every((r) => r.state === "skipped" && r.reason === "the test found no winner and the broadcast stopped"),
    ).toBe(true);
  },
  60_000,
);

timeSkippingWorkersTest(
  "a pause during the test holds the decision past the deadline; resume decides and sends the rest",
  async ({ workers }) => {
    const b = await setUp(workers, 40, abTest({ samplePercent: 25, fallback: { kind: "variant", key: "A" } }));
    await waitForSent(workers, b.broadcastId, 10);
    while ((await b.handle.query(broadcastProgressQuery)).phase !== "testing") {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await b.handle.signal(setBroadcastPausedSignal, { paused: true });
    expect(await b.handle.query(broadcastProgressQuery)).toMatchObject({ phase: "testing", isPaused: true });
    await workers.env.sleep("6 hours");
    const paused = await broadcastRow(workers, b.broadcastId);
    expect(paused).toMatchObject({ sentCount: 10, abDecision: null });
    expect(paused.abTestEndsAt).not.toBeNull();
    await b.handle.signal(setBroadcastPausedSignal, { paused: false });
    expect(await b.handle.result()).toEqual({ status: "done" });
    const row = await broadcastRow(workers, b.broadcastId);
    expect(row).toMatchObject({ sentCount: 40 });
    expect(row.abDecision).toMatchObject({ outcome: "fallback", variantKey: "A" });
  },
  60_000,
);
