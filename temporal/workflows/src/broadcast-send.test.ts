// broadcastSend on the time-skipping test server: the scheduled time on a durable timer, every
// skip recorded with its reason, pause / resume / cancel between page calls under a throttle, a
// local-time rollout whose pages go out zone by zone over more than 24 hours, and a throttle
// spread over the hour in small batches.
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultPayloadConverter } from "@temporalio/common";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import { tsToMs } from "@temporalio/common/lib/time";
import { and, eq, like } from "drizzle-orm";
import { expect } from "vitest";
import type { SendBroadcastPageInput, SendBroadcastPageResult } from "@mailstream/activities";
import { broadcastRecipients, broadcasts, messages } from "@mailstream/db/schema";
import {
  broadcastProgressQuery,
  cancelBroadcastSignal,
  setBroadcastPausedSignal,
  type BroadcastSendInput,
} from "@mailstream/temporal-contracts";
import {
  createScheduledBroadcastFixture,
  createSegmentAudienceFixture,
  startBroadcastToNewAudience,
} from "@mailstream/testing/broadcast-fixtures";
import { createWorkspaceFixture, suppressAddressFixture } from "@mailstream/testing/workflow-fixtures";
import { keepHistory, timeSkippingWorkersTest, type TimeSkippingWorkers } from "@mailstream/testing/temporal-workers";
import type { broadcastSend } from "./broadcast-send";

const HOUR_MS = 3_600_000;

function start(workers: TimeSkippingWorkers, input: BroadcastSendInput, workflowId: string) {
  return workers.env.client.workflow.start<typeof broadcastSend>("broadcastSend", {
    taskQueue: workers.taskQueues.journeys,
    workflowId,
    args: [input],
  });
}

async function recipientStates(workers: TimeSkippingWorkers, broadcastId: string) {
  return workers.db
    .select({
      contactId: broadcastRecipients.contactId,
      state: broadcastRecipients.state,
      reason: broadcastRecipients.reason,
      page: broadcastRecipients.page,
      sendAt: broadcastRecipients.sendAt,
    })
    .from(broadcastRecipients)
    .where(eq(broadcastRecipients.broadcastId, broadcastId));
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A broadcast to `count` new contacts at `throttlePerHour`, started. */
async function startThrottled(workers: TimeSkippingWorkers, count: number, throttlePerHour: number) {
  const fixture = await startBroadcastToNewAudience({ ...workers, client: workers.env.client }, count, {
    throttlePerHour,
  });
  return { fixture, handle: fixture.handle };
}

async function broadcastRow(workers: TimeSkippingWorkers, broadcastId: string) {
  const [row] = await workers.db.select().from(broadcasts).where(eq(broadcasts.id, broadcastId));
  if (!row) throw new Error("broadcast vanished");
  return row;
}

timeSkippingWorkersTest(
  "waits for the scheduled time, sends each member once and records every skip with its reason",
  async ({ workers }) => {
    const { db } = workers;
    const { workspaceId } = await createWorkspaceFixture(db);
    const { segmentId, contactIds } = await createSegmentAudienceFixture(db, workspaceId, [
      {},
      {},
      { email: null },
      { traits: {} },
      { email: "blocked@mailstream.test" },
    ]);
    await suppressAddressFixture(db, workspaceId, "blocked@mailstream.test");
    const sendAt = new Date((await workers.env.currentTimeMs()) + 2 * 24 * HOUR_MS);
    const fixture = await createScheduledBroadcastFixture(db, {
      workspaceId,
      segmentId,
      scheduleKind: "at",
      sendAt,
      emailTaskQueue: workers.taskQueues.email,
    });
    const handle = await start(workers, fixture.input, fixture.workflowId);
    expect(await handle.result()).toEqual({ status: "done" });
    expect(await workers.env.currentTimeMs()).toBeGreaterThanOrEqual(sendAt.getTime());

    const stored = await db
      .select({
        key: messages.idempotencyKey,
        subject: messages.subject,
        status: messages.status,
        error: messages.error,
      })
      .from(messages)
      .where(like(messages.idempotencyKey, `broadcast:${fixture.broadcastId}:%`));
    const sent = stored.filter((row) => row.status !== "suppressed");
    expect(sent.map((row) => row.key).sort()).toEqual(
      [contactIds[0], contactIds[1]].map((id) => `broadcast:${fixture.broadcastId}:${id}`).sort(),
    );
    // A suppressed address gets a `suppressed` record, as a journey send writes one.
    expect(stored.filter((row) => row.status === "suppressed")).toEqual([
      expect.objectContaining({
        key: `broadcast:${fixture.broadcastId}:${contactIds[4]}`,
        error: "address suppressed (manual)",
      }),
    ]);
    expect(sent[0]?.subject).toBe("News for Ada");
    const states = new Map((await recipientStates(workers, fixture.broadcastId)).map((r) => [r.contactId, r]));
    expect(states.get(contactIds[2] as string)).toMatchObject({ state: "skipped", reason: "no email address" });
    expect(states.get(contactIds[3] as string)?.reason).toMatch(/missing required variable/);
    expect(states.get(contactIds[4] as string)).toMatchObject({
      state: "skipped",
      reason: "address suppressed (manual)",
    });
    expect(await broadcastRow(workers, fixture.broadcastId)).toMatchObject({
      status: "done",
      recipientCount: 5,
      sentCount: 2,
      skippedCount: 3,
      failedCount: 0,
    });
    // Recorded once, on the code before BROADCAST_AB_PATCH: broadcast-send-replay.test.ts keeps that path alive.
    const path = fileURLToPath(new URL("./histories/broadcast-send-v1.json", import.meta.url));
    if (!existsSync(path)) writeFileSync(path, `${historyToJSON(await handle.fetchHistory())}\n`);
  },
  60_000,
);

timeSkippingWorkersTest(
  "holds between pages while paused, then finishes after resume",
  async ({ workers }) => {
    // 7,200 an hour: ten emails a call, five seconds apart (BROADCAST_PAGES_PATCH).
    const { fixture, handle } = await startThrottled(workers, 150, 7_200);
    await waitFor(async () => (await broadcastRow(workers, fixture.broadcastId)).sentCount >= 10, "the first call");
    await handle.signal(setBroadcastPausedSignal, { paused: true });
    expect(await handle.query(broadcastProgressQuery)).toMatchObject({ isPaused: true, pageCount: 2 });
    // A call in flight when the signal came finishes; nothing after it.
    await workers.env.sleep("3 hours");
    const sentWhilePaused = (await broadcastRow(workers, fixture.broadcastId)).sentCount;
    await workers.env.sleep("3 hours");
    expect((await broadcastRow(workers, fixture.broadcastId)).sentCount).toBe(sentWhilePaused);
    expect(sentWhilePaused).toBeLessThan(150);
    await handle.signal(setBroadcastPausedSignal, { paused: false });
    expect(await handle.result()).toEqual({ status: "done" });
    expect(await broadcastRow(workers, fixture.broadcastId)).toMatchObject({ status: "done", sentCount: 150 });
    // Spread under the hourly throttle and paused between calls (BROADCAST_PAGES_PATCH); the path
    // before it replays from broadcast-send-throttle-v1.json.
    await keepHistory(handle, "broadcast-send-spread-v2.json");
  },
  60_000,
);

timeSkippingWorkersTest(
  "stops on cancel and leaves the rest pending",
  async ({ workers }) => {
    const { fixture, handle } = await startThrottled(workers, 150, 7_200);
    await waitFor(async () => (await broadcastRow(workers, fixture.broadcastId)).sentCount >= 10, "the first call");
    await handle.signal(cancelBroadcastSignal);
    expect(await handle.result()).toEqual({ status: "cancelled" });
    const { sentCount } = await broadcastRow(workers, fixture.broadcastId);
    expect(sentCount).toBeLessThan(150);
    const states = await recipientStates(workers, fixture.broadcastId);
    expect(states.filter((r) => r.state === "pending")).toHaveLength(150 - sentCount);
    expect(await broadcastRow(workers, fixture.broadcastId)).toMatchObject({ status: "cancelled" });
  },
  60_000,
);

timeSkippingWorkersTest(
  "rolls a local-time send out zone by zone, over more than 24 hours",
  async ({ workers }) => {
    const { db } = workers;
    const { workspaceId } = await createWorkspaceFixture(db);
    const zones = ["Pacific/Kiritimati", "Europe/Berlin", "Pacific/Pago_Pago", "Mars/Olympus_Mons"];
    const { segmentId, contactIds } = await createSegmentAudienceFixture(
      db,
      workspaceId,
      zones.map((timezone) => ({ timezone })),
    );
    // 09:00 on a day three days ahead of workflow time: every zone's instant is in the future.
    const day = new Date((await workers.env.currentTimeMs()) + 3 * 24 * HOUR_MS).toISOString().slice(0, 10);
    const localTime = `${day}T09:00`;
    const wallUtc = Date.parse(`${localTime}:00Z`);
    const berlinOffset = new Date(`${localTime}:00Z`).toLocaleString("en-US", {
      timeZone: "Europe/Berlin",
      hour: "numeric",
      hourCycle: "h23",
    });
    const fixture = await createScheduledBroadcastFixture(db, {
      workspaceId,
      segmentId,
      scheduleKind: "local_time",
      localTime,
      sendAt: new Date(wallUtc - 14 * HOUR_MS),
      emailTaskQueue: workers.taskQueues.email,
    });
    const handle = await start(workers, fixture.input, fixture.workflowId);
    expect(await handle.result()).toEqual({ status: "done" });
    expect(await workers.env.currentTimeMs()).toBeGreaterThanOrEqual(wallUtc + 11 * HOUR_MS);

    const rows = new Map((await recipientStates(workers, fixture.broadcastId)).map((r) => [r.contactId, r]));
    const at = (i: number) => rows.get(contactIds[i] as string);
    expect(at(0)?.sendAt.getTime()).toBe(wallUtc - 14 * HOUR_MS); // UTC+14
    expect(at(1)?.sendAt.getTime()).toBe(wallUtc - (Number(berlinOffset) - 9) * HOUR_MS);
    expect(at(2)?.sendAt.getTime()).toBe(wallUtc + 11 * HOUR_MS); // UTC−11
    expect(at(3)?.sendAt.getTime()).toBe(wallUtc); // unknown zone: UTC
    // Earliest zone first, one page per instant, and everyone sent.
    expect([0, 1, 3, 2].map((i) => at(i)?.page)).toEqual([0, 1, 2, 3]);
    expect([...rows.values()].every((r) => r.state === "sent")).toBe(true);
    const keys = await db
      .select({ key: messages.idempotencyKey })
      .from(messages)
      .where(and(eq(messages.workspaceId, workspaceId), like(messages.idempotencyKey, "broadcast:%")));
    expect(keys).toHaveLength(4);
  },
  60_000,
);

// A throttled broadcast spreads its emails over the hour (BROADCAST_PAGES_PATCH): 1,000
// recipients at 10,000 an hour go out in calls of at most 13 (the rate's share of 5 s), each call
// spaced by its emails' share of the hour — never a page of 100 at once, as before the patch.
// Read from the workflow's own history, in workflow time (the activities' clock does not skip):
// each call at the start of the workflow task that made it, the workflow's "now" its spacing
// counts from.
const RATE_PER_HOUR = 10_000;
const RECIPIENTS = 1_000;
/** ⌊10,000 × 5 s / 1 h⌋: the emails one call may send. */
const BATCH = 13;
const MS_PER_EMAIL = 3_600_000 / RATE_PER_HOUR;

interface PageCall {
  /** Workflow time of the call: the start of the workflow task that scheduled it (epoch ms). */
  at: number;
  input: SendBroadcastPageInput;
  result: SendBroadcastPageResult;
}

timeSkippingWorkersTest(
  "spreads 1,000 emails at 10,000 an hour in small batches, each spaced by its share of the hour",
  async ({ workers }) => {
    const { fixture, handle } = await startThrottled(workers, RECIPIENTS, RATE_PER_HOUR);
    expect(await handle.result()).toEqual({ status: "done" });
    expect(await broadcastRow(workers, fixture.broadcastId)).toMatchObject({ status: "done", sentCount: RECIPIENTS });

    // Every page call, its workflow time and what it sent, from the history.
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = new Map<string, { at: number; input: SendBroadcastPageInput }>();
    const calls: PageCall[] = [];
    let workflowNow = 0;
    for (const event of events) {
      if (event.workflowTaskStartedEventAttributes) workflowNow = tsToMs(event.eventTime);
      const attempt = event.activityTaskScheduledEventAttributes;
      if (attempt?.activityType?.name === "sendBroadcastPage") {
        const input = defaultPayloadConverter.fromPayload<SendBroadcastPageInput>(attempt.input?.payloads?.[0] ?? {});
        scheduled.set(String(event.eventId), { at: workflowNow, input });
      }
      const done = event.activityTaskCompletedEventAttributes;
      const call = done ? scheduled.get(String(done.scheduledEventId)) : undefined;
      if (done && call) {
        const result = defaultPayloadConverter.fromPayload<SendBroadcastPageResult>(done.result?.payloads?.[0] ?? {});
        calls.push({ ...call, result });
      }
    }
    const sentIn = (call: PageCall) => call.result.sent + call.result.failed;
    expect(calls.reduce((sum, call) => sum + sentIn(call), 0)).toBe(RECIPIENTS);
    expect(calls.every((call) => call.input.spread === true)).toBe(true);
    // Small batches: never more than the rate's share of 5 s in one call (a page holds 100).
    expect(Math.max(...calls.map(sentIn))).toBe(BATCH);
    // Each call waits its predecessor's emails' share of the hour (timestamps are whole ms).
    for (let i = 1; i < calls.length; i++) {
      const previous = calls[i - 1] as PageCall;
      expect((calls[i] as PageCall).at - previous.at).toBeGreaterThanOrEqual(sentIn(previous) * MS_PER_EMAIL - 1);
    }
    // So no minute holds more than its share of the hour (plus the batch in flight at its start).
    const perMinute = RATE_PER_HOUR / 60;
    for (const call of calls) {
      const inMinute = calls.filter((other) => other.at >= call.at && other.at < call.at + 60_000);
      expect(inMinute.reduce((sum, other) => sum + sentIn(other), 0)).toBeLessThanOrEqual(perMinute + BATCH);
    }
    // And the whole send takes the hour's share of 1,000 emails (about six minutes), not one burst.
    const span = (calls.at(-1) as PageCall).at - (calls[0] as PageCall).at;
    expect(span).toBeGreaterThanOrEqual((RECIPIENTS - BATCH) * MS_PER_EMAIL - calls.length);
  },
  240_000,
);
