// A journeys worker without `sendEmail` under SEND_LOCAL_PATCH. The SDK refuses to schedule a
// local activity the worker does not hold, in the workflow itself, before any command: no history
// would show the attempt, so a fallback to the queued send there would not replay (checked: a
// nondeterminism error on the ActivityTaskScheduled). The workflow task fails instead and is
// retried — nothing written, nothing sent — until a worker built by createWorkers (which always
// registers it) takes the run and sends the email once.
import { randomUUID } from "node:crypto";
import { Client, Connection } from "@temporalio/client";
import { NativeConnection, Worker } from "@temporalio/worker";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createActivities } from "@mailstream/activities";
import { createDb } from "@mailstream/db/client";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { testOutbound } from "@mailstream/testing/outbound";
import {
  createRecordingTransport,
  installQuietRuntime,
  TEST_DEFAULT_FROM,
  TEST_PUBLIC_URL,
} from "@mailstream/testing/temporal-workers";
import { testEnv } from "@mailstream/testing/test-env";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import { waitFor } from "@mailstream/testing/workspace-fixtures";
import type { journeyRun } from "@mailstream/workflows";
import { createWorkers, runWorkers, shutdownWorkers } from "./worker";

const { db } = createDb(testEnv().databaseUrl);
let connection: NativeConnection;
let clientConnection: Connection;
beforeAll(async () => {
  installQuietRuntime();
  connection = await NativeConnection.connect({ address: testEnv().temporalAddress });
  clientConnection = await Connection.connect({ address: testEnv().temporalAddress });
});
afterAll(async () => {
  await clientConnection.close();
  await connection.close();
});

test("a journeys worker without sendEmail fails the workflow task; a worker with it sends the email once", async () => {
  const client = new Client({ connection: clientConnection, namespace: "default" });
  const suffix = randomUUID().slice(0, 8);
  const taskQueues = { journeys: `journeys-bare-${suffix}`, email: `email-bare-${suffix}` };
  const recording = createRecordingTransport();
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId } = await createContactFixture(db, workspaceId);
  const { templateId } = await createTemplateFixture(db, workspaceId);
  const plan = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
  const run = await createRunFixture(db, { workspaceId, contactId, plan });

  // A journeys worker built by hand, holding every activity but the sends.
  const {
    sendEmail: _send,
    sendBroadcastPage: _page,
    ...bookkeeping
  } = createActivities({
    db,
    transport: recording.transport,
    defaultFrom: TEST_DEFAULT_FROM,
    publicUrl: TEST_PUBLIC_URL,
    outbound: testOutbound,
  });
  const bare = await Worker.create({
    connection,
    taskQueue: taskQueues.journeys,
    workflowBundle: { codePath: testEnv().workflowBundlePath },
    activities: bookkeeping,
  });
  const handle = await client.workflow.start<typeof journeyRun>("journeyRun", {
    taskQueue: taskQueues.journeys,
    workflowId: run.workflowId,
    args: [{ ...run.input, options: { emailTaskQueue: taskQueues.email } }],
  });
  await bare.runUntil(
    waitFor("the workflow task to fail", async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      return events.some((event) => event.workflowTaskFailedEventAttributes) || null;
    }),
  );
  expect(recording.sent).toHaveLength(0);
  // (The entry's local activity ran before the refusal; its write is idempotent and is done again.)
  expect((await findRunSteps(db, run.runId)).map((step) => step.outcome)).not.toContain("sent");

  const workers = await createWorkers({
    connection,
    namespace: "default",
    db,
    transport: recording.transport,
    workflowBundle: { codePath: testEnv().workflowBundlePath },
    defaultFrom: TEST_DEFAULT_FROM,
    publicUrl: TEST_PUBLIC_URL,
    outbound: testOutbound,
    emailRatePerSecond: 100,
    taskQueues,
  });
  const running = runWorkers(workers);
  try {
    expect(await handle.result()).toEqual({ status: "completed" });
  } finally {
    shutdownWorkers(workers);
    await running;
  }
  expect(recording.sent).toHaveLength(1);
  expect((await findRunSteps(db, run.runId)).map((step) => step.outcome)).toEqual(["entered", "sent", "exited"]);
  // The worker that took over sent it locally: no activity task.
  const events = (await handle.fetchHistory()).events ?? [];
  expect(events.filter((event) => event.activityTaskScheduledEventAttributes)).toHaveLength(0);
});
