// Erasure against the real stack: a journeyRun workflow waiting on a unique task queue is
// terminated, every row about the contact is gone, the log holds counts and no personal
// data, and a repeated DELETE is a 404 with `deleted: false`.
import { randomUUID } from "node:crypto";
import { Client, Connection, WorkflowNotFoundError } from "@temporalio/client";
// eslint-disable-next-line no-restricted-imports -- the test needs a real worker; product code in api never runs one
import { DefaultLogger, NativeConnection, Runtime } from "@temporalio/worker";
import { createDb } from "@mailstream/db/client";
import { findErasures } from "@mailstream/db/queries/contact-erasure";
import { contacts, events, journeyRuns, messageEvents, messages, runSteps } from "@mailstream/db/schema";
import { createTransport } from "@mailstream/emails/transports";
import { testEnv } from "@mailstream/runtime/test-env";
// eslint-disable-next-line no-restricted-imports -- the test needs a real worker; product code in api never runs one
import { createWorkers, runWorkers, shutdownWorkers, type MailstreamWorkers } from "@mailstream/temporal/worker";
import { count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleContactErase } from "../http/contacts";
import { createContactFixture, createRunFixture } from "../testing/contacts-fixtures";
import { createWorkspaceWithKeys, waitFor, type WorkspaceFixture } from "../testing/fixtures";

const env = testEnv();
const { db } = createDb(env.databaseUrl);
const suffix = randomUUID().slice(0, 8);
const taskQueues = { journeys: `journeys-erase-${suffix}`, email: `email-erase-${suffix}` };

let workerConnection: NativeConnection;
let clientConnection: Connection;
let client: Client;
let workers: MailstreamWorkers;
let workersRunning: Promise<void>;
let ws: WorkspaceFixture;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger("WARN") });
  ws = await createWorkspaceWithKeys(db);
  workerConnection = await NativeConnection.connect({ address: env.temporalAddress });
  clientConnection = await Connection.connect({ address: env.temporalAddress });
  client = new Client({ connection: clientConnection, namespace: "default" });
  workers = await createWorkers({
    connection: workerConnection,
    namespace: "default",
    db,
    transport: createTransport("outbox"),
    workflowBundle: { codePath: env.workflowBundlePath },
    defaultFrom: "Mailstream Test <test@mailstream.test>",
    publicUrl: "http://mailstream.test",
    emailRatePerSecond: 100,
    taskQueues,
  });
  workersRunning = runWorkers(workers);
});

afterAll(async () => {
  if (workers) shutdownWorkers(workers);
  await workersRunning;
  await clientConnection?.close();
  await workerConnection?.close();
});

function erase(userId: string): Promise<Response> {
  return handleContactErase(
    new Request(`http://127.0.0.1/api/v1/contacts/${userId}`, { method: "DELETE", headers: { authorization: `Bearer ${ws.secretKey}` } }),
    { db, temporal: async () => client },
    { userId },
  );
}

async function rows(table: typeof events | typeof contacts, where: ReturnType<typeof eq>): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table).where(where);
  return row?.n ?? 0;
}

describe("DELETE /api/v1/contacts/{userId}", () => {
  it("terminates the running journey, deletes every row and logs the erasure without personal data", async () => {
    const fixture = await createContactFixture(db, ws, { events: 3, messages: 2 });
    const run = await createRunFixture(db, ws.workspaceId, fixture.contactId);
    await client.workflow.start("journeyRun", {
      taskQueue: taskQueues.journeys,
      workflowId: run.workflowId,
      args: [{
        runId: run.runId, workspaceId: ws.workspaceId, journeyId: run.journeyId, versionId: run.versionId, contactId: fixture.contactId,
        plan: run.plan, trigger: { eventId: randomUUID(), event: "signed_up", properties: {}, traits: {} }, options: { emailTaskQueue: taskQueues.email },
      }],
    });
    // Wait until the run sits in its hour-long wait: it has recorded the wait step.
    await waitFor("the run to reach its wait", async () => {
      const steps = await db.select().from(runSteps).where(eq(runSteps.runId, run.runId));
      return steps.some((s) => s.nodeId === "wait-1");
    });

    const res = await erase(fixture.userId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { deleted: boolean; counts: Record<string, number> };
    expect(body).toMatchObject({ deleted: true, counts: { events: 3, messages: 2, messageEvents: 2, runs: 1, workflowsTerminated: 1 } });
    expect(body.counts.runSteps).toBeGreaterThanOrEqual(2);

    const description = await client.workflow.getHandle(run.workflowId).describe();
    expect(description.status.name).toBe("TERMINATED");

    expect(await rows(contacts, eq(contacts.id, fixture.contactId))).toBe(0);
    expect(await rows(events, eq(events.userId, fixture.userId))).toBe(0);
    // The anonymous id the user was seen with is theirs too.
    expect(await rows(events, eq(events.anonymousId, `anon-${fixture.userId}`))).toBe(0);
    expect(await db.select().from(messages).where(inArray(messages.id, fixture.messageIds))).toEqual([]);
    expect(await db.select().from(messageEvents).where(inArray(messageEvents.messageId, fixture.messageIds))).toEqual([]);
    expect(await db.select().from(journeyRuns).where(eq(journeyRuns.id, run.runId))).toEqual([]);
    expect(await db.select().from(runSteps).where(eq(runSteps.runId, run.runId))).toEqual([]);

    const [logged, ...more] = await findErasures(db, ws.workspaceId);
    expect(more).toEqual([]);
    expect(logged).toMatchObject({ eventsDeleted: 3, messagesDeleted: 2, runsDeleted: 1, workflowsTerminated: 1, source: "api", requestedByKeyId: expect.any(String) });
    const serialized = JSON.stringify(logged);
    expect(serialized).not.toContain(fixture.userId);
    expect(serialized).not.toContain(fixture.email);
    expect(serialized).not.toContain(fixture.contactId);
  });

  it("is idempotent: a second DELETE is a 404 with deleted: false", async () => {
    const fixture = await createContactFixture(db, ws, { events: 1 });
    expect((await erase(fixture.userId)).status).toBe(200);
    const again = await erase(fixture.userId);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ deleted: false, error: expect.stringContaining(fixture.userId) });
  });

  it("tolerates a run whose workflow never started or already ended", async () => {
    const fixture = await createContactFixture(db, ws);
    const run = await createRunFixture(db, ws.workspaceId, fixture.contactId);
    await expect(client.workflow.getHandle(run.workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const res = await erase(fixture.userId);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ deleted: true, counts: { runs: 1, workflowsTerminated: 0 } });
  });
});
