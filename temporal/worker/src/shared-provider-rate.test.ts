// Journey sends and a broadcast page at once share the email queue's provider rate: each provider
// call of either — a journey's sendEmail, or one email of a page over a transport without batches
// (as SMTP) — takes the next slot of one limit in Postgres (provider-rate.ts). Counted at a
// stand-in provider: by any instant, no more calls than the rate allows since the start. Before,
// journey sends were paced only by Temporal's task-queue limit, beside the pages' slots, so the
// two together went at twice the rate.
import { randomUUID } from "node:crypto";
import { Client, Connection } from "@temporalio/client";
import { NativeConnection } from "@temporalio/worker";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDb } from "@mailstream/db/client";
import { createTransport, type EmailTransport } from "@mailstream/emails/transports";
import { createScheduledBroadcastFixture, createSegmentAudienceFixture } from "@mailstream/testing/broadcast-fixtures";
import { testOutbound } from "@mailstream/testing/outbound";
import { installQuietRuntime, TEST_DEFAULT_FROM, TEST_PUBLIC_URL } from "@mailstream/testing/temporal-workers";
import { testEnv } from "@mailstream/testing/test-env";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import type { broadcastSend, journeyRun } from "@mailstream/workflows";
import { createWorkers, runWorkers, shutdownWorkers, type MailstreamWorkers } from "./worker";

/** Provider calls per second: one every 200 ms — below what this machine sends, so the rate binds. */
const RATE = 5;
const INTERVAL_MS = 1_000 / RATE;
const BROADCAST_CONTACTS = 30;
const JOURNEY_SENDS = 30;

/** A provider without a batch endpoint (as SMTP): every email is one call, recorded with its time. */
const calls: { at: number; key: string }[] = [];
const outbox = createTransport("outbox");
const standIn: EmailTransport = {
  name: "smtp",
  async send(email) {
    calls.push({ at: Date.now(), key: email.idempotencyKey });
    return outbox.send(email);
  },
};

const env = testEnv();
const { db } = createDb(env.databaseUrl);
const suffix = randomUUID().slice(0, 8);
const taskQueues = { journeys: `journeys-rate-${suffix}`, email: `email-rate-${suffix}` };
let workers: MailstreamWorkers;
let running: Promise<void>;
let client: Client;
let clientConnection: Connection;
let workerConnection: NativeConnection;

beforeAll(async () => {
  installQuietRuntime();
  workerConnection = await NativeConnection.connect({ address: env.temporalAddress });
  clientConnection = await Connection.connect({ address: env.temporalAddress });
  client = new Client({ connection: clientConnection, namespace: "default" });
  workers = await createWorkers({
    connection: workerConnection,
    namespace: "default",
    db,
    transport: standIn,
    workflowBundle: { codePath: env.workflowBundlePath },
    defaultFrom: TEST_DEFAULT_FROM,
    publicUrl: TEST_PUBLIC_URL,
    outbound: testOutbound,
    emailRatePerSecond: RATE,
    taskQueues,
  });
  running = runWorkers(workers);
});

afterAll(async () => {
  shutdownWorkers(workers);
  await running;
  await clientConnection.close();
  await workerConnection.close();
});

test("a broadcast page and journey sends at once never exceed the provider rate together", async () => {
  const { workspaceId } = await createWorkspaceFixture(db);
  const { segmentId } = await createSegmentAudienceFixture(
    db,
    workspaceId,
    Array.from({ length: BROADCAST_CONTACTS }, () => ({})),
  );
  const broadcast = await createScheduledBroadcastFixture(db, {
    workspaceId,
    segmentId,
    emailTaskQueue: taskQueues.email,
  });
  const { templateId } = await createTemplateFixture(db, workspaceId);
  const plan = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
  const runs = [];
  for (let i = 0; i < JOURNEY_SENDS; i++) {
    const { contactId } = await createContactFixture(db, workspaceId);
    runs.push(await createRunFixture(db, { workspaceId, contactId, plan }));
  }

  const startedAt = Date.now();
  const broadcastHandle = await client.workflow.start<typeof broadcastSend>("broadcastSend", {
    taskQueue: taskQueues.journeys,
    workflowId: broadcast.workflowId,
    args: [broadcast.input],
  });
  // The journeys start once the page is sending (their tasks would otherwise queue ahead of it).
  const deadline = Date.now() + 60_000;
  while (!calls.some((call) => call.key.startsWith("broadcast:"))) {
    if (Date.now() > deadline) throw new Error("the broadcast page never started sending");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const runHandles = await Promise.all(
    runs.map((run) =>
      client.workflow.start<typeof journeyRun>("journeyRun", {
        taskQueue: taskQueues.journeys,
        workflowId: run.workflowId,
        args: [{ ...run.input, options: { ...run.input.options, emailTaskQueue: taskQueues.email } }],
      }),
    ),
  );
  expect(await broadcastHandle.result()).toEqual({ status: "done" });
  for (const handle of runHandles) expect(await handle.result()).toEqual({ status: "completed" });

  expect(calls).toHaveLength(BROADCAST_CONTACTS + JOURNEY_SENDS);
  const times = calls.map((call) => call.at).sort((a, b) => a - b);
  // The k-th call waited for the k-th slot, at least k intervals after the start (a late call
  // only comes later). Two limits side by side would let the 60th call go after about 30.
  times.forEach((at, k) => expect(at - startedAt, `call ${k}`).toBeGreaterThanOrEqual(k * INTERVAL_MS - 5));
  // They really ran at once: journey sends fell between the page's first and last email.
  const pageTimes = calls.filter((call) => call.key.startsWith("broadcast:")).map((call) => call.at);
  const [pageStart, pageEnd] = [Math.min(...pageTimes), Math.max(...pageTimes)];
  const journeyDuringPage = calls.filter(
    (call) => !call.key.startsWith("broadcast:") && call.at > pageStart && call.at < pageEnd,
  );
  expect(journeyDuringPage.length).toBeGreaterThan(0);
}, 180_000);
