// Scale-out correctness: two workers and two dispatchers on one database and one Temporal,
// as cluster mode runs them. A few hundred sign-ups go in through the ingest handlers into a
// Welcome → wait → follow-up journey; every event must be dispatched once, every run started
// once (one Temporal execution per workflow id) and every email handed to a transport once
// (one send per idempotency key, whichever worker ran it).
import { randomUUID } from "node:crypto";
import { createDb } from "@mailstream/db/client";
import { events, journeyRuns, messages } from "@mailstream/db/schema";
import { createTransport, type EmailTransport, type OutgoingEmail } from "@mailstream/emails/transports";
import { startDispatcher, type JourneyWorkers } from "@mailstream/testing/journey-workers";
import { testOutbound } from "@mailstream/testing/outbound";
import { installQuietRuntime, TEST_DEFAULT_FROM, TEST_PUBLIC_URL } from "@mailstream/testing/temporal-workers";
import { testEnv } from "@mailstream/testing/test-env";
import {
  basicAuth,
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
  postJson,
  waitFor,
} from "@mailstream/testing/workspace-fixtures";
import { createWorkers, runWorkers, shutdownWorkers } from "@mailstream/worker";
import { Client, Connection } from "@temporalio/client";
import { NativeConnection } from "@temporalio/worker";
import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleIdentify } from "./identify";
import { handleTrack } from "./track";

const SIGN_UPS = 200;
const CONCURRENT_REQUESTS = 16;
const env = testEnv();
const { db } = createDb(env.databaseUrl);

/** One worker process's worth: both workers (journeys + email) and its own transport log. */
interface WorkerSet {
  name: string;
  sent: OutgoingEmail[];
  stop(): Promise<void>;
}

const suffix = randomUUID().slice(0, 8);
const taskQueues = { journeys: `journeys-scale-${suffix}`, email: `email-scale-${suffix}` };
const workerSets: WorkerSet[] = [];
let clientConnection: Connection;
let stack: JourneyWorkers;

async function startWorkerSet(name: string): Promise<WorkerSet> {
  const sent: OutgoingEmail[] = [];
  const outbox = createTransport("outbox");
  const transport: EmailTransport = {
    name: outbox.name,
    async send(email) {
      sent.push(email);
      return outbox.send(email);
    },
  };
  const connection = await NativeConnection.connect({ address: env.temporalAddress });
  const workers = await createWorkers({
    connection,
    namespace: "default",
    db,
    transport,
    workflowBundle: { codePath: env.workflowBundlePath },
    defaultFrom: TEST_DEFAULT_FROM,
    publicUrl: TEST_PUBLIC_URL,
    outbound: testOutbound,
    emailRatePerSecond: 500,
    taskQueues,
  });
  const running = runWorkers(workers);
  return {
    name,
    sent,
    async stop() {
      shutdownWorkers(workers);
      await running;
      await connection.close();
    },
  };
}

beforeAll(async () => {
  installQuietRuntime();
  clientConnection = await Connection.connect({ address: env.temporalAddress });
  stack = { taskQueues, temporal: new Client({ connection: clientConnection, namespace: "default" }) };
  workerSets.push(await startWorkerSet("worker-1"), await startWorkerSet("worker-2"));
});

afterAll(async () => {
  await Promise.all(workerSets.map((set) => set.stop()));
  await clientConnection?.close();
});

/** Sends each sign-up (identify, then track) with at most `CONCURRENT_REQUESTS` in flight. */
async function signUp(writeKey: string, userIds: string[]): Promise<void> {
  const auth = { authorization: basicAuth(writeKey) };
  const queue = [...userIds];
  const lane = async () => {
    for (let userId = queue.shift(); userId; userId = queue.shift()) {
      const identified = await handleIdentify(
        postJson("/api/v1/identify", { userId, messageId: `id-${userId}`, traits: { first_name: "Ada" } }, auth),
        { db },
      );
      expect(identified.status).toBe(200);
      const tracked = await handleTrack(
        postJson(
          "/api/v1/track",
          {
            userId,
            messageId: `su-${userId}`,
            event: "signed_up",
            context: { traits: { email: `${userId}@mailstream.test` } },
          },
          auth,
        ),
        { db },
      );
      expect(tracked.status).toBe(200);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, lane));
}

describe("two workers and two dispatchers on one database and one Temporal", () => {
  it(`dispatch, start and send each of ${SIGN_UPS} sign-ups exactly once`, { timeout: 360_000 }, async () => {
    const { workspaceId, writeKey } = await createWorkspaceWithKeys(db);
    const welcome = await createTemplateFixture(db, workspaceId, "Welcome", "Welcome!");
    const gettingStarted = await createTemplateFixture(db, workspaceId, "Getting started", "Getting started");
    const { journeyId } = await createLiveJourney(
      db,
      workspaceId,
      "Welcome",
      buildLinearGraph("signed_up", [
        { kind: "email", templateId: welcome },
        { kind: "wait", seconds: 1 },
        { kind: "email", templateId: gettingStarted },
        { kind: "exit" },
      ]),
    );
    const dispatchers = [await startDispatcher(stack, workspaceId), await startDispatcher(stack, workspaceId)];
    try {
      const userIds = Array.from({ length: SIGN_UPS }, (_, i) => `scale-${suffix}-${i}`);
      await signUp(writeKey, userIds);

      const finished = await waitFor(
        "every run to complete",
        async () => {
          const [row] = await db
            .select({ n: count() })
            .from(journeyRuns)
            .where(and(eq(journeyRuns.journeyId, journeyId), eq(journeyRuns.status, "completed")));
          return (row?.n ?? 0) >= SIGN_UPS ? row : null;
        },
        // About 15 s on an idle machine; the limit only catches a hang, so it leaves room for a
        // loaded one (another heavy file beside it on two shared cores).
        300_000,
      );
      expect(finished?.n).toBe(SIGN_UPS);

      // Every event dispatched, none parked, none retried after a failure.
      const stored = await db
        .select({ dispatchedAt: events.dispatchedAt, attempts: events.dispatchAttempts, parkedAt: events.parkedAt })
        .from(events)
        .where(eq(events.workspaceId, workspaceId));
      expect(stored).toHaveLength(SIGN_UPS * 2);
      expect(stored.filter((event) => event.dispatchedAt === null || event.parkedAt !== null)).toEqual([]);
      const [undispatched] = await db
        .select({ n: count() })
        .from(events)
        .where(and(eq(events.workspaceId, workspaceId), isNull(events.dispatchedAt)));
      expect(undispatched?.n).toBe(0);

      // Every run started once: one row per contact, one Temporal execution per workflow id.
      const runs = await db
        .select({ workflowId: journeyRuns.workflowId })
        .from(journeyRuns)
        .where(eq(journeyRuns.journeyId, journeyId));
      expect(runs).toHaveLength(SIGN_UPS);
      // Visibility lags the executions a little: read it until every run is listed.
      const executions = await waitFor("every execution in Temporal's visibility", async () => {
        const seen = new Map<string, number>();
        for await (const execution of stack.temporal.workflow.list({ query: `TaskQueue = "${taskQueues.journeys}"` })) {
          seen.set(execution.workflowId, (seen.get(execution.workflowId) ?? 0) + 1);
        }
        return seen.size >= SIGN_UPS ? seen : null;
      });
      expect([...executions.values()].filter((n) => n !== 1)).toEqual([]);
      expect(new Set(executions.keys())).toEqual(new Set(runs.map((run) => run.workflowId)));

      // Every email handed to a transport once, across both workers, and both took a share.
      const sent = workerSets.flatMap((set) => set.sent);
      const keys = new Set(sent.map((email) => email.idempotencyKey));
      expect(sent).toHaveLength(SIGN_UPS * 2);
      expect(keys.size).toBe(SIGN_UPS * 2);
      for (const set of workerSets) expect(set.sent.length, `${set.name} sent nothing`).toBeGreaterThan(0);
      const [storedMessages] = await db
        .select({ n: count() })
        .from(messages)
        .where(and(eq(messages.workspaceId, workspaceId), eq(messages.status, "sent")));
      expect(storedMessages?.n).toBe(SIGN_UPS * 2);
    } finally {
      await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
    }
  });
});
