// Builds the two workers a Mailstream worker process runs: `journeys` (the journeyRun and
// broadcastSend workflows and their bookkeeping activities) and `email` (sendEmail and
// sendBroadcastPage, rate limited across every worker polling the queue). The journeys worker
// also holds `sendEmail`, the very function the email worker runs, for the email step's local
// attempt (SEND_LOCAL_PATCH): local and queued sends of this process share one coalescer.
// main.ts runs them; tests build them the same way.
import { Worker, type NativeConnection, type WorkflowBundleOption } from "@temporalio/worker";
import type { Db } from "@mailstream/db/client";
import type { EmailTransport } from "@mailstream/emails/transports";
import type { OutboundGuard } from "@mailstream/net";
import { createActivities } from "@mailstream/activities";
import { EMAIL_TASK_QUEUE, JOURNEY_TASK_QUEUE } from "@mailstream/temporal-contracts";
import { WORKFLOWS_PATH } from "@mailstream/workflows/path";
import { createTestRunHost, type TestRunHost } from "./test-run/host";

export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  db: Db;
  transport: EmailTransport;
  /** A pre-built bundle (tests: `{ codePath: testEnv().workflowBundlePath }`); else `workflowsPath` is bundled. */
  workflowBundle?: WorkflowBundleOption;
  workflowsPath?: string;
  defaultFrom: string;
  publicUrl: string;
  /** MAILSTREAM_SECRET: signs tracking and unsubscribe links (see activities/send-email.ts). */
  secret?: string | undefined;
  /** The guard every webhook step and workspace transport connects through (MAILSTREAM_OUTBOUND_ALLOW). */
  outbound?: OutboundGuard | undefined;
  /** Provider calls per second across ALL workers on the email queue: shared in Postgres, and Temporal's task-queue limit. */
  emailRatePerSecond: number;
  /** Queue names; tests pass unique ones (and `options.emailTaskQueue` on the run) to stay isolated. */
  taskQueues?: { journeys?: string; email?: string };
  /** Hosts test runs (`journeyTestRun`, test-run/host.ts) on this time-skipping server binary; absent = none. */
  testRunServerPath?: string | undefined;
}

export interface MailstreamWorkers {
  journeys: Worker;
  email: Worker;
  testRuns?: TestRunHost | undefined;
}

export async function createWorkers(options: CreateWorkersOptions): Promise<MailstreamWorkers> {
  if (!(options.emailRatePerSecond > 0)) {
    throw new Error(`emailRatePerSecond must be a positive number, got ${options.emailRatePerSecond}`);
  }
  const { sendEmail, sendBroadcastPage, ...journeyActivities } = createActivities(options);
  const workflowSource = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath: options.workflowsPath ?? WORKFLOWS_PATH };
  const testRuns = options.testRunServerPath
    ? createTestRunHost({ ...options, workflowSource, serverPath: options.testRunServerPath })
    : undefined;
  const journeys = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueues?.journeys ?? JOURNEY_TASK_QUEUE,
    ...workflowSource,
    // Bookkeeping, branch conditions, waits, webhooks and trait updates, and the send's local
    // attempt (its provider slot is still the email queue's: activities/send-email.ts).
    activities: { ...journeyActivities, sendEmail, ...(testRuns ? { runJourneyTest: testRuns.run } : {}) },
  });
  const email = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueues?.email ?? EMAIL_TASK_QUEUE,
    // Broadcast pages share the queue (and its provider rate, provider-rate.ts) with journey sends;
    // the task-queue limit keeps the backlog in the queue rather than parked in workers. The SDK's
    // default of 100 concurrent activities leaves room for each broadcast's three page calls in
    // flight (broadcast-pages-in-flight.ts) beside journey sends.
    activities: { sendEmail, sendBroadcastPage },
    maxTaskQueueActivitiesPerSecond: options.emailRatePerSecond,
  });
  return { journeys, email, testRuns };
}

/** Runs both workers until both have shut down; if one fails, the other is stopped too. */
export async function runWorkers(workers: MailstreamWorkers): Promise<void> {
  const runs = [workers.journeys, workers.email].map((worker) =>
    worker.run().catch((error: unknown) => {
      shutdownWorkers(workers);
      throw error;
    }),
  );
  const results = await Promise.allSettled(runs);
  await workers.testRuns?.close();
  const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failed) throw failed.reason;
}

/** Asks both workers to finish in-flight tasks and stop; `runWorkers` resolves once they have. */
export function shutdownWorkers(workers: MailstreamWorkers): void {
  for (const worker of [workers.journeys, workers.email]) {
    if (worker.getState() === "RUNNING") worker.shutdown();
  }
}
