// Real Mailstream workers for api tests that need journeys to run: the worker's own
// createWorkers on task queues of the file's own (so other files' runs never land here),
// started before the file's tests and shut down after, plus a Temporal client.
// Call `useJourneyWorkers()` at a test file's top level.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { createTransport } from "@mailstream/emails/transports";
import { testEnv } from "./test-env";
import { createWorkers, runWorkers, shutdownWorkers, type MailstreamWorkers } from "@mailstream/worker";
import { Client, Connection } from "@temporalio/client";
import { DefaultLogger, NativeConnection, Runtime } from "@temporalio/worker";
import { afterAll, beforeAll } from "vitest";

export interface JourneyWorkers {
  taskQueues: { journeys: string; email: string };
  /** Connected in beforeAll: read it inside tests. */
  readonly temporal: Client;
}

export function useJourneyWorkers(options: { label: string; db: Db; quietRuntime?: boolean; secret?: string }): JourneyWorkers {
  const env = testEnv();
  const suffix = randomUUID().slice(0, 8);
  const taskQueues = { journeys: `journeys-${options.label}-${suffix}`, email: `email-${options.label}-${suffix}` };
  let workerConnection: NativeConnection | undefined;
  let clientConnection: Connection | undefined;
  let client: Client | undefined;
  let workers: MailstreamWorkers | undefined;
  let running: Promise<void> | undefined;

  beforeAll(async () => {
    if (options.quietRuntime) Runtime.install({ logger: new DefaultLogger("WARN") });
    workerConnection = await NativeConnection.connect({ address: env.temporalAddress });
    clientConnection = await Connection.connect({ address: env.temporalAddress });
    client = new Client({ connection: clientConnection, namespace: "default" });
    workers = await createWorkers({
      connection: workerConnection,
      namespace: "default",
      db: options.db,
      transport: createTransport("outbox"),
      workflowBundle: { codePath: env.workflowBundlePath },
      defaultFrom: "Mailstream Test <test@mailstream.test>",
      publicUrl: "http://mailstream.test",
      ...(options.secret ? { secret: options.secret } : {}),
      emailRatePerSecond: 100,
      taskQueues,
    });
    running = runWorkers(workers);
  });
  afterAll(async () => {
    if (workers) shutdownWorkers(workers);
    await running;
    await clientConnection?.close();
    await workerConnection?.close();
  });

  return {
    taskQueues,
    get temporal(): Client {
      if (!client) throw new Error("the Temporal client connects in beforeAll: use it inside a test");
      return client;
    },
  };
}
