// Real Mailstream workers for tests that need journeys to run, as a vitest fixture: the worker's
// own createWorkers on task queues of the file's own (so other files' runs never land here),
// started once per test file (on first use) and shut down after its tests, plus a Temporal client.
//   import { journeyWorkersTest } from "@mailstream/testing/journey-workers";
//   journeyWorkersTest.override({ journeyWorkersOptions: { label: "seg", quietRuntime: true } });
//   journeyWorkersTest("…", async ({ stack }) => { stack.temporal; stack.taskQueues.journeys; });
// `startDispatcher(stack, workspaceId)` runs the real dispatcher loop on those queues until the test stops it;
// `trackAndDispatch` stores one event and dispatches it once.
import { randomUUID } from "node:crypto";
import { dispatchBatch } from "@mailstream/core/dispatch/dispatch-batch";
import { runDispatcher } from "@mailstream/core/dispatch/run-dispatcher";
import { createDb, type Db } from "@mailstream/db/client";
import { insertEventOnce } from "@mailstream/db/queries/events";
import { createTransport } from "@mailstream/emails/transports";
import { testOutbound } from "./outbound";
import { testEnv } from "./test-env";
import { createWorkers, runWorkers, shutdownWorkers } from "@mailstream/worker";
import { Client, Connection } from "@temporalio/client";
import { DefaultLogger, NativeConnection, Runtime } from "@temporalio/worker";
import { test as base } from "vitest";

export interface JourneyWorkersOptions {
  /** Names the file's task queues (`journeys-<label>-<random>`). */
  label: string;
  /** Installs a Temporal runtime that logs warnings and errors only. */
  quietRuntime?: boolean;
  secret?: string;
}

export interface JourneyWorkers {
  taskQueues: { journeys: string; email: string };
  temporal: Client;
}

/**
 * `stack`: real workers on the file's own task queues and a Temporal client, both file-scoped.
 * `journeyWorkersOptions` (file-scoped, override it at the file's top level) labels the queues.
 */
export const journeyWorkersTest = base
  .extend("journeyWorkersOptions", { scope: "file" }, { label: "test" } as JourneyWorkersOptions)
  .extend(
    "stack",
    { scope: "file" },
    async ({ journeyWorkersOptions: options }, { onCleanup }): Promise<JourneyWorkers> => {
      const env = testEnv();
      const suffix = randomUUID().slice(0, 8);
      const taskQueues = { journeys: `journeys-${options.label}-${suffix}`, email: `email-${options.label}-${suffix}` };
      if (options.quietRuntime) Runtime.install({ logger: new DefaultLogger("WARN") });
      const workerConnection = await NativeConnection.connect({ address: env.temporalAddress });
      const clientConnection = await Connection.connect({ address: env.temporalAddress });
      const temporal = new Client({ connection: clientConnection, namespace: "default" });
      const workers = await createWorkers({
        connection: workerConnection,
        namespace: "default",
        db: createDb(env.databaseUrl).db,
        transport: createTransport("outbox"),
        workflowBundle: { codePath: env.workflowBundlePath },
        defaultFrom: "Mailstream Test <test@mailstream.test>",
        publicUrl: "http://mailstream.test",
        ...(options.secret ? { secret: options.secret } : {}),
        outbound: testOutbound,
        emailRatePerSecond: 100,
        taskQueues,
      });
      const running = runWorkers(workers);
      onCleanup(async () => {
        shutdownWorkers(workers);
        await running;
        await clientConnection.close();
        await workerConnection.close();
      });
      return { taskQueues, temporal };
    },
  );

/**
 * Stores a track event of `userId` and dispatches the workspace's events once on the file's
 * queues: the event enters the journeys it triggers and reaches the runs waiting for it.
 */
export async function trackAndDispatch(
  stack: JourneyWorkers,
  db: Db,
  track: { workspaceId: string; userId: string; event: string },
): Promise<void> {
  await insertEventOnce(db, {
    ...track,
    messageId: randomUUID(),
    type: "track",
    properties: {},
    timestamp: new Date(),
  });
  await dispatchBatch({
    db,
    temporal: stack.temporal,
    workspaceIds: [track.workspaceId],
    taskQueue: stack.taskQueues.journeys,
    runOptions: { emailTaskQueue: stack.taskQueues.email },
  });
}

/**
 * Runs the real dispatcher loop for one workspace on the file's queues, resolving once it is
 * ready. The test stops it (in a `finally`) with the returned `stop`, which waits for the loop to end.
 */
export async function startDispatcher(stack: JourneyWorkers, workspaceId: string): Promise<{ stop(): Promise<void> }> {
  const abort = new AbortController();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const running = runDispatcher({
    databaseUrl: testEnv().databaseUrl,
    temporal: stack.temporal,
    signal: abort.signal,
    workspaceIds: [workspaceId],
    taskQueue: stack.taskQueues.journeys,
    runOptions: { emailTaskQueue: stack.taskQueues.email },
    onReady: markReady,
  });
  await Promise.race([ready, running]);
  return {
    async stop() {
      abort.abort();
      await running;
    },
  };
}
