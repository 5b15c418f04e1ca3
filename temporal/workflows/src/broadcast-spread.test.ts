// A throttled broadcast spreads its emails over the hour (BROADCAST_PAGES_PATCH), on the
// time-skipping test server: 1,000 recipients at 10,000 an hour go out in calls of at most 13
// (the rate's share of 5 s), each call spaced by its emails' share of the hour — never a page of
// 100 at once, as before the patch. Read from the workflow's own history, in workflow time (the
// activities' clock does not skip): each call at the start of the workflow task that made it, the
// workflow's "now" its spacing counts from.
import { defaultPayloadConverter } from "@temporalio/common";
import { tsToMs } from "@temporalio/common/lib/time";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { broadcasts } from "@mailstream/db/schema";
import type { SendBroadcastPageInput, SendBroadcastPageResult } from "@mailstream/activities";
import { createScheduledBroadcastFixture, createSegmentAudienceFixture } from "@mailstream/testing/broadcast-fixtures";
import { timeSkippingWorkersTest } from "@mailstream/testing/temporal-workers";
import { createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import type { broadcastSend } from "./broadcast-send";

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
    const { db } = workers;
    const { workspaceId } = await createWorkspaceFixture(db);
    const { segmentId } = await createSegmentAudienceFixture(
      db,
      workspaceId,
      Array.from({ length: RECIPIENTS }, () => ({})),
    );
    const fixture = await createScheduledBroadcastFixture(db, {
      workspaceId,
      segmentId,
      throttlePerHour: RATE_PER_HOUR,
      emailTaskQueue: workers.taskQueues.email,
    });
    const handle = await workers.env.client.workflow.start<typeof broadcastSend>("broadcastSend", {
      taskQueue: workers.taskQueues.journeys,
      workflowId: fixture.workflowId,
      args: [fixture.input],
    });
    expect(await handle.result()).toEqual({ status: "done" });
    const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, fixture.broadcastId));
    expect(row).toMatchObject({ status: "done", sentCount: RECIPIENTS });

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
