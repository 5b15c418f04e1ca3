// Real workers for integration tests, on task queues unique to the calling test file, as the
// file-scoped vitest fixture `workers` of `temporalWorkersTest` (started on first use, stopped
// after the file's tests):
//   temporalWorkersTest("…", async ({ workers }) => { await workers.startRun(input, workflowId); });
//
// Isolation decision: every test file that runs workers polls its OWN `journeys-<id>` and
// `email-<id>` queues and starts runs with `options.emailTaskQueue` pointing at its email
// queue. Files then run in parallel against the one shared dev server without a worker from
// another file (with other deps, e.g. another transport) picking up their tasks.
import { randomUUID } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  Client,
  Connection,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from "@temporalio/client";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import { MockActivityEnvironment, TestWorkflowEnvironment } from "@temporalio/testing";
import { DefaultLogger, NativeConnection, Runtime, Worker } from "@temporalio/worker";
import { createDb, type Db } from "@mailstream/db/client";
import { createTransport, type EmailTransport, type OutgoingEmail } from "@mailstream/emails/transports";
import { testOutbound } from "./outbound";
import { testEnv } from "./test-env";
import type { JourneyRunInput } from "@mailstream/temporal-contracts";
import { createWorkers, runWorkers, shutdownWorkers } from "@mailstream/worker";
import type { journeyRun } from "@mailstream/workflows";
import { test as base } from "vitest";

export const TEST_DEFAULT_FROM = "Mailstream Test <test@mailstream.test>";
export const TEST_PUBLIC_URL = "http://mailstream.test";
/** The time-skipping server the project's scripts install (scripts/lib/temporal-cli.mjs). */
export const TEST_SERVER_PATH = fileURLToPath(new URL("../../../.tools/bin/temporal-test-server", import.meta.url));

/** Wraps a real transport and remembers every email handed to it. */
export function createRecordingTransport(inner: EmailTransport = createTransport("outbox")) {
  const sent: OutgoingEmail[] = [];
  const transport: EmailTransport = {
    name: inner.name,
    async send(email) {
      sent.push(email);
      return inner.send(email);
    },
  };
  return { transport, sent };
}

let isRuntimeInstalled = false;
/** Keep the SDK to errors in test output: tests provoke failures on purpose (once per process). */
export function installQuietRuntime(): void {
  if (isRuntimeInstalled) return;
  Runtime.install({
    logger: new DefaultLogger("ERROR"),
    telemetryOptions: { logging: { filter: { core: "ERROR", other: "ERROR" } } },
  });
  isRuntimeInstalled = true;
}

/**
 * Runs one activity call in a fresh activity context (real deps; only the Temporal context is
 * simulated); `info` sets parts of the context (its `taskQueue`: the queue the call ran on).
 */
export function runActivity<I, O>(
  activity: (input: I) => Promise<O>,
  input: I,
  info?: ConstructorParameters<typeof MockActivityEnvironment>[0],
): Promise<O> {
  const environment = new MockActivityEnvironment(info, { logger: new DefaultLogger("ERROR") });
  return environment.run<[I], O, typeof activity>(activity, input);
}

/**
 * Keeps a finished run's history as `temporal/workflows/src/histories/<file>` for journey-run-replay.test.ts:
 * replays it on the current bundle first, and writes it only when absent (a recorded history
 * is the old behaviour a later change must still replay; never re-record one to make it pass).
 */
export async function keepHistory(handle: WorkflowHandle, file: string): Promise<void> {
  const history = await handle.fetchHistory();
  await Worker.runReplayHistory(
    { workflowBundle: { codePath: testEnv().workflowBundlePath } },
    history,
    handle.workflowId,
  );
  const target = fileURLToPath(new URL(`../../../temporal/workflows/src/histories/${file}`, import.meta.url));
  if (!existsSync(target)) writeFileSync(target, `${historyToJSON(history)}\n`);
}

export interface TestWorkers {
  db: Db;
  client: Client;
  taskQueues: { journeys: string; email: string };
  /** Starts a journeyRun on this file's queues. */
  startRun(
    input: JourneyRunInput,
    workflowId: string,
    options?: { stepsPerHistory?: number },
  ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof journeyRun>>;
}

/**
 * `workers`: real workers on the file's own queues, a client and the database, file-scoped.
 * `workersTransport` (file-scoped; override it at the file's top level) replaces the outbox.
 */
export const temporalWorkersTest = base
  .extend("workersTransport", { scope: "file" }, null as EmailTransport | null)
  .extend("workers", { scope: "file" }, async ({ workersTransport }, { onCleanup }): Promise<TestWorkers> => {
    const { workers, stop } = await startTestWorkers(workersTransport ? { transport: workersTransport } : {});
    onCleanup(stop);
    return workers;
  });

async function startTestWorkers(
  options: { transport?: EmailTransport } = {},
): Promise<{ workers: TestWorkers; stop(): Promise<void> }> {
  installQuietRuntime();
  const env = testEnv();
  const { db } = createDb(env.databaseUrl);
  const suffix = randomUUID().slice(0, 8);
  const taskQueues = { journeys: `journeys-${suffix}`, email: `email-${suffix}` };
  const workerConnection = await NativeConnection.connect({ address: env.temporalAddress });
  const clientConnection = await Connection.connect({ address: env.temporalAddress });
  const client = new Client({ connection: clientConnection, namespace: "default" });
  const workers = await createWorkers({
    connection: workerConnection,
    namespace: "default",
    db,
    transport: options.transport ?? createTransport("outbox"),
    workflowBundle: { codePath: env.workflowBundlePath },
    defaultFrom: TEST_DEFAULT_FROM,
    publicUrl: TEST_PUBLIC_URL,
    outbound: testOutbound,
    emailRatePerSecond: 100,
    taskQueues,
    testRunServerPath: TEST_SERVER_PATH,
  });
  const running = runWorkers(workers);

  return {
    workers: {
      db,
      client,
      taskQueues,
      startRun(input, workflowId, runOptions = {}) {
        return client.workflow.start<typeof journeyRun>("journeyRun", {
          taskQueue: taskQueues.journeys,
          workflowId,
          args: [{ ...input, options: { ...input.options, ...runOptions, emailTaskQueue: taskQueues.email } }],
        });
      },
    },
    async stop() {
      shutdownWorkers(workers);
      await running;
      await clientConnection.close();
      await workerConnection.close();
    },
  };
}

export interface TimeSkippingWorkers {
  env: TestWorkflowEnvironment;
  db: Db;
  /** The file's queues, for workflows other than journeyRun (broadcastSend). */
  taskQueues: { journeys: string; email: string };
  /** Starts a journeyRun; its `result()` unlocks time skipping while it waits. */
  startRun(
    input: JourneyRunInput,
    workflowId: string,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof journeyRun>>;
}

/** `workers`: workers on a fresh time-skipping test server of the file's own, file-scoped. */
export const timeSkippingWorkersTest = base.extend(
  "workers",
  { scope: "file" },
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  async ({}, { onCleanup }): Promise<TimeSkippingWorkers> => {
    const { workers, stop } = await startTimeSkippingWorkers();
    onCleanup(stop);
    return workers;
  },
);

/**
 * Workers on a fresh time-skipping test server (.tools/bin/temporal-test-server, no Java).
 * Workflow time there runs ahead of the activities' clock once time has been skipped, so a
 * test that compares the two wants its own server.
 */
async function startTimeSkippingWorkers(): Promise<{ workers: TimeSkippingWorkers; stop(): Promise<void> }> {
  installQuietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: "existing-path", path: TEST_SERVER_PATH } },
  });
  const { db } = createDb(testEnv().databaseUrl);
  const taskQueues = { journeys: "journeys-ts", email: "email-ts" };
  const workers = await createWorkers({
    connection: env.nativeConnection,
    namespace: env.namespace ?? "default",
    db,
    transport: createTransport("outbox"),
    workflowBundle: { codePath: testEnv().workflowBundlePath },
    defaultFrom: TEST_DEFAULT_FROM,
    publicUrl: TEST_PUBLIC_URL,
    outbound: testOutbound,
    emailRatePerSecond: 100,
    taskQueues,
  });
  const running = runWorkers(workers);
  return {
    workers: {
      env,
      db,
      taskQueues,
      startRun: (input, workflowId) =>
        env.client.workflow.start<typeof journeyRun>("journeyRun", {
          taskQueue: taskQueues.journeys,
          workflowId,
          args: [{ ...input, options: { ...input.options, emailTaskQueue: taskQueues.email } }],
        }),
    },
    async stop() {
      shutdownWorkers(workers);
      await running;
      await env.teardown();
    },
  };
}
