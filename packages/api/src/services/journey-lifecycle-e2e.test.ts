// Pause, resume and archive reaching real runs: a real worker interprets the plans, so this
// proves the whole path — tRPC → lifecycle service → signals → the journeyRun workflow holding,
// continuing, or exiting with the archive reason recorded on the run row.
import { randomUUID } from "node:crypto";
import { Client, Connection } from "@temporalio/client";
// eslint-disable-next-line no-restricted-imports -- the test needs a real worker; product code in api never runs one
import { NativeConnection } from "@temporalio/worker";
import { insertEventOnce } from "@mailstream/db/queries/events";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { journeyRuns } from "@mailstream/db/schema";
import { createTransport } from "@mailstream/emails/transports";
import { testEnv } from "@mailstream/runtime/test-env";
// eslint-disable-next-line no-restricted-imports -- the test needs a real worker; product code in api never runs one
import { createWorkers, runWorkers, shutdownWorkers, type MailstreamWorkers } from "@mailstream/temporal/worker";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dispatchBatch } from "../dispatcher/dispatch-batch";
import { createWorkspaceCaller, testDb } from "../routers/test-caller";
import { buildLinearGraph, waitFor } from "../testing/fixtures";

const env = testEnv();
const db = testDb();
const suffix = randomUUID().slice(0, 8);
const taskQueues = { journeys: `journeys-life-${suffix}`, email: `email-life-${suffix}` };
let workerConnection: NativeConnection;
let clientConnection: Connection;
let temporal: Client;
let workers: MailstreamWorkers;
let running: Promise<void>;

beforeAll(async () => {
  workerConnection = await NativeConnection.connect({ address: env.temporalAddress });
  clientConnection = await Connection.connect({ address: env.temporalAddress });
  temporal = new Client({ connection: clientConnection, namespace: "default" });
  workers = await createWorkers({
    connection: workerConnection, namespace: "default", db, transport: createTransport("outbox"),
    workflowBundle: { codePath: env.workflowBundlePath }, defaultFrom: "Mailstream Test <test@mailstream.test>",
    publicUrl: "http://mailstream.test", emailRatePerSecond: 100, taskQueues,
  });
  running = runWorkers(workers);
});

afterAll(async () => {
  if (workers) shutdownWorkers(workers);
  await running;
  await clientConnection?.close();
  await workerConnection?.close();
});

async function enter(workspaceId: string, userId: string) {
  await insertEventOnce(db, { workspaceId, messageId: randomUUID(), type: "track", userId, event: "signed_up", properties: {}, timestamp: new Date() });
  await dispatchBatch({ db, temporal, workspaceIds: [workspaceId], taskQueue: taskQueues.journeys, runOptions: { emailTaskQueue: taskQueues.email } });
}

async function runOf(journeyId: string) {
  const [run] = await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journeyId));
  return run ?? null;
}

it("a paused run holds after its wait and finishes once resumed; archiving exits a waiting run with its reason", async () => {
  const { workspace, caller } = await createWorkspaceCaller();
  const { workspaceId } = workspace;
  const { id: journeyId } = await caller.journeys.create({ name: "Hold" });
  await caller.journeys.publish({ journeyId, graph: buildLinearGraph("signed_up", [{ kind: "wait", seconds: 1 }, { kind: "exit" }]) });

  // Nothing to hold yet: a pause and resume without runs are plain status changes.
  expect(await caller.journeys.pause({ journeyId })).toMatchObject({ status: "paused", runsSignalled: 0 });
  await caller.journeys.resume({ journeyId });
  await enter(workspaceId, "ada");
  const run = await waitFor("run waiting", async () => {
    const row = await runOf(journeyId);
    return row?.currentNodeId === "wait-1" ? row : null;
  });
  expect((await caller.journeys.pause({ journeyId })).runsSignalled).toBe(1);
  // Well past the 1 s wait: the run is held before its next step.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect(await runOf(journeyId)).toMatchObject({ status: "active" });
  expect((await findRunSteps(db, run.id)).map((step) => step.nodeId)).not.toContain("exit-2");

  await caller.journeys.resume({ journeyId });
  await waitFor("run completed", async () => (await runOf(journeyId))?.status === "completed");
  expect((await findRunSteps(db, run.id)).map((step) => step.nodeId)).toContain("exit-2");

  const { id: longId } = await caller.journeys.create({ name: "Long" });
  await caller.journeys.publish({ journeyId: longId, graph: buildLinearGraph("signed_up", [{ kind: "wait", seconds: 3600 }, { kind: "exit" }]) });
  await enter(workspaceId, "bob");
  await waitFor("long run waiting", async () => (await runOf(longId))?.currentNodeId === "wait-1");
  await caller.journeys.archive({ journeyId: longId });
  const archived = await waitFor("run exited", async () => {
    const row = await runOf(longId);
    return row?.status === "exited" ? row : null;
  });
  expect(archived.endReason).toBe("journey archived");
});
