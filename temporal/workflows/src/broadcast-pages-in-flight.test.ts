// A broadcast without throttles keeps three page calls in flight (BROADCAST_OVERLAP_PATCH), on the
// time-skipping test server: read from the workflow's own histories (every execution of the
// continue-as-new chain), the calls overlap up to PAGES_IN_FLIGHT at a time and never more, every page is called
// once, no call is in flight at a continue-as-new, and no page of the rest starts before the A/B
// test is decided; in the database every recipient got exactly one email.
import { randomUUID } from "node:crypto";
import { defaultPayloadConverter } from "@temporalio/common";
import { tsToMs } from "@temporalio/common/lib/time";
import { Worker } from "@temporalio/worker";
import type { WorkflowHandle } from "@temporalio/client";
import { eq, like } from "drizzle-orm";
import { expect } from "vitest";
import { createActivities, type SendBroadcastPageInput } from "@mailstream/activities";
import { createTransport } from "@mailstream/emails/transports";
import { broadcastRecipients, broadcasts, messages } from "@mailstream/db/schema";
import { setBroadcastPausedSignal } from "@mailstream/temporal-contracts";
import { startBroadcastToNewAudience } from "@mailstream/testing/broadcast-fixtures";
import { testOutbound } from "@mailstream/testing/outbound";
import {
  keepHistory,
  TEST_DEFAULT_FROM,
  TEST_PUBLIC_URL,
  timeSkippingWorkersTest,
  type TimeSkippingWorkers,
} from "@mailstream/testing/temporal-workers";
import { PAGES_IN_FLIGHT } from "./broadcast-pages-in-flight";

type History = Awaited<ReturnType<WorkflowHandle["fetchHistory"]>>;

/** One execution's page calls, in the order scheduled, and how many overlapped at most. */
interface ExecutionCalls {
  pages: number[];
  maxInFlight: number;
  /** Calls still open when the execution closed (continued as new, or finished). */
  openAtClose: number;
  /** Event ids: each page call's scheduling, and each test check's. */
  scheduledAt: Map<number, number>;
  testChecksAt: number[];
}

function pageCallsOf(history: History): ExecutionCalls {
  const open = new Map<string, number>();
  const calls: ExecutionCalls = { pages: [], maxInFlight: 0, openAtClose: 0, scheduledAt: new Map(), testChecksAt: [] };
  for (const event of history.events ?? []) {
    const id = Number(event.eventId);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === "checkBroadcastTest") calls.testChecksAt.push(id);
    if (scheduled?.activityType?.name === "sendBroadcastPage") {
      const input = defaultPayloadConverter.fromPayload<SendBroadcastPageInput>(scheduled.input?.payloads?.[0] ?? {});
      if (input.page === null) continue;
      open.set(String(id), input.page);
      calls.pages.push(input.page);
      calls.scheduledAt.set(input.page, id);
      calls.maxInFlight = Math.max(calls.maxInFlight, open.size);
    }
    const closed =
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes ??
      event.activityTaskTimedOutEventAttributes ??
      event.activityTaskCanceledEventAttributes;
    if (closed) open.delete(String(closed.scheduledEventId));
  }
  calls.openAtClose = open.size;
  return calls;
}

/** The histories of every execution of `workflowId`'s continue-as-new chain, first to last. */
async function chainHistories(workers: TimeSkippingWorkers, workflowId: string, firstRunId: string) {
  const histories: { runId: string; history: History }[] = [];
  for (let runId: string | null | undefined = firstRunId; runId;) {
    const history = await workers.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.push({ runId, history });
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return histories;
}

/** A broadcast to `audience` new contacts, started on this file's server. */
function startBroadcast(
  workers: TimeSkippingWorkers,
  audience: number,
  fields: Parameters<typeof startBroadcastToNewAudience>[2] = {},
) {
  return startBroadcastToNewAudience({ ...workers, client: workers.env.client }, audience, fields);
}

/** Each recipient sent, by exactly one message under its key. */
async function expectEachSentOnce(workers: TimeSkippingWorkers, broadcastId: string, audience: number) {
  const [row] = await workers.db.select().from(broadcasts).where(eq(broadcasts.id, broadcastId));
  expect(row).toMatchObject({ status: "done", recipientCount: audience, sentCount: audience });
  const keys = await workers.db
    .select({ key: messages.idempotencyKey })
    .from(messages)
    .where(like(messages.idempotencyKey, `broadcast:${broadcastId}:%`));
  expect(keys).toHaveLength(audience);
  expect(new Set(keys.map((k) => k.key)).size).toBe(audience);
  const states = await workers.db
    .select({ state: broadcastRecipients.state })
    .from(broadcastRecipients)
    .where(eq(broadcastRecipients.broadcastId, broadcastId));
  expect(states.filter((r) => r.state === "sent")).toHaveLength(audience);
}

timeSkippingWorkersTest(
  "keeps three page calls in flight, sends everyone once and continues as new with none in flight",
  async ({ workers }) => {
    // 7 pages of 100 (the last of 50), 3 calls per execution: three executions.
    const AUDIENCE = 650;
    const b = await startBroadcast(workers, AUDIENCE, { pagesPerHistory: 3 });
    expect(await b.handle.result()).toEqual({ status: "done" });
    await expectEachSentOnce(workers, b.broadcastId, AUDIENCE);

    const executions = (await chainHistories(workers, b.workflowId, b.handle.firstExecutionRunId)).map(({ history }) =>
      pageCallsOf(history),
    );
    expect(executions.map((calls) => calls.pages)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    for (const calls of executions) expect(calls.openAtClose).toBe(0);
    expect(executions[0]?.maxInFlight).toBe(PAGES_IN_FLIGHT);
    expect(executions[1]?.maxInFlight).toBe(PAGES_IN_FLIGHT);
    // The first execution (snapshot, the patch's marker, three in flight, a continue-as-new) for
    // broadcast-send-replay.test.ts.
    await keepHistory(
      workers.env.client.workflow.getHandle(b.workflowId, b.handle.firstExecutionRunId),
      "broadcast-send-pages-v3.json",
    );
  },
  120_000,
);

timeSkippingWorkersTest(
  "keeps the A/B sample's pages apart from the rest's: the test sees only the sample",
  async ({ workers }) => {
    // A 40 % sample of 500: pages 0–1; the rest, pages 2–4, after the decision (the fallback).
    const AUDIENCE = 500;
    const b = await startBroadcast(workers, AUDIENCE, {
      abTest: {
        samplePercent: 40,
        metric: "open_rate",
        goal: null,
        durationMs: 4 * 3_600_000,
        fallback: { kind: "variant", key: "B" },
        confidence: 0.95,
        minSamplePerArm: 5,
      },
      variants: [
        { subject: "A: hello {{ contact.first_name }}", weight: 50 },
        { subject: "B: news for {{ contact.first_name }}", weight: 50 },
      ],
    });
    expect(await b.handle.result()).toEqual({ status: "done" });
    await expectEachSentOnce(workers, b.broadcastId, AUDIENCE);

    const [calls] = (await chainHistories(workers, b.workflowId, b.handle.firstExecutionRunId)).map(({ history }) =>
      pageCallsOf(history),
    );
    if (!calls) throw new Error("no history");
    expect(calls.pages).toEqual([0, 1, 2, 3, 4]);
    expect(calls.maxInFlight).toBe(PAGES_IN_FLIGHT);
    const firstCheck = Math.min(...calls.testChecksAt);
    const lastCheck = Math.max(...calls.testChecksAt);
    // The sample's two pages together, both before the test; the rest's after its last check.
    expect(calls.scheduledAt.get(1)).toBeLessThan(firstCheck);
    for (const page of [2, 3, 4]) expect(calls.scheduledAt.get(page)).toBeGreaterThan(lastCheck);
  },
  120_000,
);

timeSkippingWorkersTest(
  "a pause lets the calls in flight finish and starts none until resume",
  async ({ workers }) => {
    const AUDIENCE = 2_000;
    const b = await startBroadcast(workers, AUDIENCE);
    const sentCount = async () =>
      (await workers.db.select().from(broadcasts).where(eq(broadcasts.id, b.broadcastId)))[0]?.sentCount ?? 0;
    for (const deadline = Date.now() + 30_000; (await sentCount()) < 100;) {
      if (Date.now() > deadline) throw new Error("timed out waiting for the first page");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await b.handle.signal(setBroadcastPausedSignal, { paused: true });
    await workers.env.sleep("1 hour");
    const whilePaused = await sentCount();
    await workers.env.sleep("1 hour");
    expect(await sentCount()).toBe(whilePaused);
    expect(whilePaused).toBeLessThan(AUDIENCE);
    // Whole pages only: the calls in flight finished their pages.
    expect(whilePaused % 100).toBe(0);
    await b.handle.signal(setBroadcastPausedSignal, { paused: false });
    expect(await b.handle.result()).toEqual({ status: "done" });
    await expectEachSentOnce(workers, b.broadcastId, AUDIENCE);
    const calls = pageCallsOf(await b.handle.fetchHistory());
    expect(calls.pages).toEqual(Array.from({ length: AUDIENCE / 100 }, (_, page) => page));
    expect(calls.maxInFlight).toBe(PAGES_IN_FLIGHT);
  },
  120_000,
);

timeSkippingWorkersTest(
  "a call that leaves its page pending hands it back: called again when its hold ends, everyone once",
  async ({ workers }) => {
    // Pages carry no domain limits here, so no real call leaves recipients pending; this queue's
    // page activity answers page 1's first call as a domain window holding the whole page would.
    const emailQueue = `email-held-${randomUUID().slice(0, 8)}`;
    const { sendBroadcastPage } = createActivities({
      db: workers.db,
      transport: createTransport("outbox"),
      defaultFrom: TEST_DEFAULT_FROM,
      publicUrl: TEST_PUBLIC_URL,
      outbound: testOutbound,
    });
    const HOLD_MS = 10 * 60_000;
    let heldUntil: number | null = null;
    const worker = await Worker.create({
      connection: workers.env.nativeConnection,
      namespace: workers.env.namespace ?? "default",
      taskQueue: emailQueue,
      activities: {
        sendBroadcastPage: async (input: SendBroadcastPageInput) => {
          if (input.page !== 1 || heldUntil !== null) return sendBroadcastPage(input);
          heldUntil = Date.now() + HOLD_MS;
          return { sent: 0, skipped: 0, failed: 0, deferred: 0, held: 100, heldUntil, pending: 100 };
        },
      },
    });
    const AUDIENCE = 400;
    const b = await startBroadcastToNewAudience(
      { ...workers, client: workers.env.client, taskQueues: { ...workers.taskQueues, email: emailQueue } },
      AUDIENCE,
      {},
    );
    expect(await worker.runUntil(b.handle.result())).toEqual({ status: "done" });
    await expectEachSentOnce(workers, b.broadcastId, AUDIENCE);

    const history = await b.handle.fetchHistory();
    const calls = pageCallsOf(history);
    expect(calls.maxInFlight).toBe(PAGES_IN_FLIGHT);
    // Page 1 twice; its second call (and those after it) only once the hold has passed.
    expect(calls.pages.filter((page) => page === 1)).toHaveLength(2);
    const again = calls.scheduledAt.get(1) as number;
    const at = tsToMs(history.events?.find((event) => Number(event.eventId) === again)?.eventTime);
    expect(heldUntil).not.toBeNull();
    expect(at).toBeGreaterThanOrEqual(Number(heldUntil));
    expect(new Set(calls.pages)).toEqual(new Set([0, 1, 2, 3]));
  },
  120_000,
);
