// A worker stopped in the middle of a broadcast page: the page's activity fails with the
// worker, its retry runs on a fresh worker, and every contact gets exactly one email — checked
// by the idempotency keys the transports were handed (the frozen audience and the
// `broadcast:<id>:<contact>` message keys make the retry resume, not repeat). Over the outbox
// the worker dies after 40 emails handed over one by one (of the pages in flight); over Resend's batch
// endpoint (at a stand-in) it dies after Resend accepted the page's batch but before the page
// recorded it, so the retry hands over the same stored emails under the same batch key and
// Resend answers the first call's ids instead of sending again.
import { randomUUID } from "node:crypto";
import { Client, Connection } from "@temporalio/client";
import { NativeConnection } from "@temporalio/worker";
import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { broadcasts } from "@mailstream/db/schema";
import { createTransport, type EmailTransport, type OutgoingEmail } from "@mailstream/emails/transports";
import { createScheduledBroadcastFixture, createSegmentAudienceFixture } from "@mailstream/testing/broadcast-fixtures";
import { testOutbound } from "@mailstream/testing/outbound";
import { startResendStandIn } from "@mailstream/testing/resend-stand-in";
import { installQuietRuntime, TEST_DEFAULT_FROM, TEST_PUBLIC_URL } from "@mailstream/testing/temporal-workers";
import { testEnv } from "@mailstream/testing/test-env";
import { createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import type { broadcastSend } from "@mailstream/workflows";
import { createWorkers, runWorkers, shutdownWorkers, type MailstreamWorkers } from "./worker";

const CONTACTS = 150;
/** Over the outbox, the first worker dies after this many emails: inside a page (both are in flight). */
const CRASH_AFTER = 40;

/**
 * Runs a broadcast to CONTACTS contacts on a worker built with `dying(stop)` — a transport that
 * calls `stop()` (shutting its worker down) and throws at some point — then on a second worker
 * with `healthy`, and returns what the broadcast row and the fixture say.
 */
async function crashMidPage(
  db: Db,
  dying: (stop: () => void) => EmailTransport,
  healthy: EmailTransport,
): Promise<{ broadcastId: string; contactIds: string[] }> {
  const env = testEnv();
  const suffix = randomUUID().slice(0, 8);
  const taskQueues = { journeys: `journeys-crash-${suffix}`, email: `email-crash-${suffix}` };
  const connection = await NativeConnection.connect({ address: env.temporalAddress });
  const clientConnection = await Connection.connect({ address: env.temporalAddress });
  const client = new Client({ connection: clientConnection, namespace: "default" });
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
  let first: MailstreamWorkers | null = null;
  first = await startWorkers(
    dying(() => {
      if (first) shutdownWorkers(first);
    }),
  );
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

  const second = await startWorkers(healthy);
  const secondRunning = runWorkers(second);
  try {
    expect(await handle.result()).toEqual({ status: "done" });
  } finally {
    shutdownWorkers(second);
    await secondRunning;
    await clientConnection.close();
    await connection.close();
  }
  const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, fixture.broadcastId));
  expect(row).toMatchObject({ status: "done", sentCount: CONTACTS, skippedCount: 0, failedCount: 0 });
  return { broadcastId: fixture.broadcastId, contactIds };
}

test("a worker stopped mid-page: the retry on another worker sends each contact exactly one email", async () => {
  installQuietRuntime();
  const { db } = createDb(testEnv().databaseUrl);
  const outbox = createTransport("outbox");
  const beforeCrash: OutgoingEmail[] = [];
  const afterCrash: OutgoingEmail[] = [];
  // Recording transports without a batch method: the page hands its emails over one by one.
  const { broadcastId, contactIds } = await crashMidPage(
    db,
    (stop) => ({
      name: outbox.name,
      async send(email) {
        if (beforeCrash.length >= CRASH_AFTER) {
          stop();
          throw new Error("worker stopped mid-page");
        }
        beforeCrash.push(email);
        return outbox.send(email);
      },
    }),
    {
      name: outbox.name,
      async send(email) {
        afterCrash.push(email);
        return outbox.send(email);
      },
    },
  );
  expect(beforeCrash).toHaveLength(CRASH_AFTER);
  const keys = [...beforeCrash, ...afterCrash].map((email) => email.idempotencyKey);
  expect(keys).toHaveLength(CONTACTS);
  expect(new Set(keys)).toEqual(new Set(contactIds.map((id) => `broadcast:${broadcastId}:${id}`)));
}, 90_000);

test("over Resend's batch endpoint: a page accepted by Resend but not recorded is handed over again under the same key, and sent once", async () => {
  installQuietRuntime();
  const { db } = createDb(testEnv().databaseUrl);
  const resend = await startResendStandIn();
  try {
    const real = createTransport("resend", {
      resendApiKey: "re_test",
      resendBaseUrl: resend.baseUrl,
      outbound: testOutbound,
    });
    let hasCrashed = false;
    const { contactIds } = await crashMidPage(
      db,
      (stop) => ({
        ...real,
        async sendBatch(emails, batchKey) {
          const outcomes = await real.sendBatch!(emails, batchKey);
          if (!hasCrashed) {
            // Resend has the batch; the worker dies before the page records it.
            hasCrashed = true;
            stop();
            throw new Error("worker stopped after Resend accepted the batch");
          }
          return outcomes;
        },
      }),
      real,
    );
    expect(resend.received).toHaveLength(0);
    // Two pages (100 + 50), both in flight (broadcast-pages-v3), so either may reach Resend first:
    // the crashed batch twice under one key (Resend answering the first call's ids), the other once.
    const [first] = resend.batches;
    const repeats = resend.batches.filter((batch) => batch.isRepeat);
    expect(repeats).toEqual([expect.objectContaining({ idempotencyKey: first?.idempotencyKey, ids: first?.ids })]);
    const sizes = resend.batches.filter((batch) => !batch.isRepeat).map((batch) => batch.emails.length);
    expect(sizes.sort((a, b) => a - b)).toEqual([50, 100]);
    // What Resend actually sent (repeats send nothing): each contact exactly once.
    const delivered = resend.batches.filter((batch) => !batch.isRepeat).flatMap((batch) => batch.emails);
    const addresses = delivered.map((email) => (email.to as string[])[0]);
    expect(addresses).toHaveLength(CONTACTS);
    expect(new Set(addresses).size).toBe(CONTACTS);
    expect(resend.batches.every((batch) => batch.idempotencyKey?.startsWith("broadcast:"))).toBe(true);
    expect(contactIds).toHaveLength(CONTACTS);
  } finally {
    await resend.close();
  }
}, 90_000);
