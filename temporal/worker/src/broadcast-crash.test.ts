// A worker stopped in the middle of a broadcast page: the page's activity fails with the
// worker, its retry runs on a fresh worker, and every contact gets exactly one email — checked
// by the idempotency keys the two transports were handed (the frozen audience and the
// `broadcast:<id>:<contact>` message keys make the retry resume, not repeat).
import { randomUUID } from "node:crypto";
import { Client, Connection } from "@temporalio/client";
import { NativeConnection } from "@temporalio/worker";
import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { createDb } from "@mailstream/db/client";
import { broadcasts } from "@mailstream/db/schema";
import { createTransport, type EmailTransport, type OutgoingEmail } from "@mailstream/emails/transports";
import { createScheduledBroadcastFixture, createSegmentAudienceFixture } from "@mailstream/testing/broadcast-fixtures";
import { testOutbound } from "@mailstream/testing/outbound";
import { installQuietRuntime, TEST_DEFAULT_FROM, TEST_PUBLIC_URL } from "@mailstream/testing/temporal-workers";
import { testEnv } from "@mailstream/testing/test-env";
import { createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import type { broadcastSend } from "@mailstream/workflows";
import { createWorkers, runWorkers, shutdownWorkers, type MailstreamWorkers } from "./worker";

const CONTACTS = 150;
/** The first worker dies after this many emails: inside the first page of 100. */
const CRASH_AFTER = 40;

test("a worker stopped mid-page: the retry on another worker sends each contact exactly one email", async () => {
  installQuietRuntime();
  const env = testEnv();
  const { db } = createDb(env.databaseUrl);
  const suffix = randomUUID().slice(0, 8);
  const taskQueues = { journeys: `journeys-crash-${suffix}`, email: `email-crash-${suffix}` };
  const connection = await NativeConnection.connect({ address: env.temporalAddress });
  const clientConnection = await Connection.connect({ address: env.temporalAddress });
  const client = new Client({ connection: clientConnection, namespace: "default" });
  const outbox = createTransport("outbox");
  const startWorkers = (transport: EmailTransport) =>
    createWorkers({
      connection,
      namespace: "default",
      db,
      transport,
      workflowBundle: { codePath: env.workflowBundlePath },
      defaultFrom: TEST_DEFAULT_FROM,
      publicUrl: TEST_PUBLIC_URL,
      outbound: testOutbound,
      emailRatePerSecond: 1000,
      taskQueues,
    });

  const beforeCrash: OutgoingEmail[] = [];
  let first: MailstreamWorkers | null = null;
  const dying: EmailTransport = {
    name: outbox.name,
    async send(email) {
      if (beforeCrash.length >= CRASH_AFTER) {
        if (first) shutdownWorkers(first);
        throw new Error("worker stopped mid-page");
      }
      beforeCrash.push(email);
      return outbox.send(email);
    },
  };
  first = await startWorkers(dying);
  const firstRunning = runWorkers(first);

  const { workspaceId } = await createWorkspaceFixture(db);
  const { segmentId, contactIds } = await createSegmentAudienceFixture(
    db,
    workspaceId,
    Array.from({ length: CONTACTS }, () => ({})),
  );
  const fixture = await createScheduledBroadcastFixture(db, {
    workspaceId,
    segmentId,
    emailTaskQueue: taskQueues.email,
  });
  const handle = await client.workflow.start<typeof broadcastSend>("broadcastSend", {
    taskQueue: taskQueues.journeys,
    workflowId: fixture.workflowId,
    args: [fixture.input],
  });
  await firstRunning;
  expect(beforeCrash).toHaveLength(CRASH_AFTER);

  const afterCrash: OutgoingEmail[] = [];
  const second = await startWorkers({
    name: outbox.name,
    async send(email) {
      afterCrash.push(email);
      return outbox.send(email);
    },
  });
  const secondRunning = runWorkers(second);
  try {
    expect(await handle.result()).toEqual({ status: "done" });
  } finally {
    shutdownWorkers(second);
    await secondRunning;
    await clientConnection.close();
    await connection.close();
  }

  const keys = [...beforeCrash, ...afterCrash].map((email) => email.idempotencyKey);
  expect(keys).toHaveLength(CONTACTS);
  expect(new Set(keys)).toEqual(new Set(contactIds.map((id) => `broadcast:${fixture.broadcastId}:${id}`)));
  const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, fixture.broadcastId));
  expect(row).toMatchObject({ status: "done", sentCount: CONTACTS, skippedCount: 0, failedCount: 0 });
}, 90_000);
