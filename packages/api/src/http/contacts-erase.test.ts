// Erasure against the real stack: a journeyRun workflow waiting on a unique task queue is
// terminated, every row about the contact is gone, the log holds counts and no personal
// data, and a repeated DELETE is a 404 with `deleted: false`.
import { randomUUID } from "node:crypto";
import { WorkflowNotFoundError } from "@temporalio/client";
import { createDb } from "@mailstream/db/client";
import { findErasures } from "@mailstream/db/queries/contact-erasure";
import { contacts, events, journeyRuns, messageEvents, messages, runSteps } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { count, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect } from "vitest";
import { handleContactErase } from "./contacts";
import { createContactFixture, createRunFixture } from "@mailstream/testing/contacts-fixtures";
import { createWorkspaceWithKeys, waitFor, type WorkspaceFixture } from "@mailstream/testing/workspace-fixtures";
import { journeyWorkersTest, type JourneyWorkers } from "@mailstream/testing/journey-workers";

const { db } = createDb(testEnv().databaseUrl);

let ws: WorkspaceFixture;

journeyWorkersTest.override({ journeyWorkersOptions: { label: "erase", quietRuntime: true } });

beforeAll(async () => {
  ws = await createWorkspaceWithKeys(db);
});

function erase(stack: JourneyWorkers, userId: string): Promise<Response> {
  return handleContactErase(
    new Request(`http://127.0.0.1/api/v1/contacts/${userId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ws.secretKey}` },
    }),
    { db, temporal: async () => stack.temporal },
    { userId },
  );
}

async function rows(table: typeof events | typeof contacts, where: ReturnType<typeof eq>): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table).where(where);
  return row?.n ?? 0;
}

describe("DELETE /api/v1/contacts/{userId}", () => {
  journeyWorkersTest(
    "terminates the running journey, deletes every row and logs the erasure without personal data",
    async ({ stack }) => {
      const fixture = await createContactFixture(db, ws, { events: 3, messages: 2 });
      const run = await createRunFixture(db, ws.workspaceId, fixture.contactId);
      await stack.temporal.workflow.start("journeyRun", {
        taskQueue: stack.taskQueues.journeys,
        workflowId: run.workflowId,
        args: [
          {
            runId: run.runId,
            workspaceId: ws.workspaceId,
            journeyId: run.journeyId,
            versionId: run.versionId,
            contactId: fixture.contactId,
            plan: run.plan,
            trigger: { eventId: randomUUID(), event: "signed_up", properties: {}, traits: {} },
            options: { emailTaskQueue: stack.taskQueues.email },
          },
        ],
      });
      // Wait until the run sits in its hour-long wait: it has recorded the wait step.
      await waitFor("the run to reach its wait", async () => {
        const steps = await db.select().from(runSteps).where(eq(runSteps.runId, run.runId));
        return steps.some((s) => s.nodeId === "wait-1");
      });

      const res = await erase(stack, fixture.userId);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { deleted: boolean; counts: Record<string, number> };
      expect(body).toMatchObject({
        deleted: true,
        counts: { events: 3, messages: 2, messageEvents: 2, runs: 1, workflowsTerminated: 1 },
      });
      expect(body.counts.runSteps).toBeGreaterThanOrEqual(2);

      const description = await stack.temporal.workflow.getHandle(run.workflowId).describe();
      expect(description.status.name).toBe("TERMINATED");

      expect(await rows(contacts, eq(contacts.id, fixture.contactId))).toBe(0);
      expect(await rows(events, eq(events.userId, fixture.userId))).toBe(0);
      // The anonymous id the user was seen with is theirs too.
      expect(await rows(events, eq(events.anonymousId, `anon-${fixture.userId}`))).toBe(0);
      expect(await db.select().from(messages).where(inArray(messages.id, fixture.messageIds))).toEqual([]);
      expect(await db.select().from(messageEvents).where(inArray(messageEvents.messageId, fixture.messageIds))).toEqual(
        [],
      );
      expect(await db.select().from(journeyRuns).where(eq(journeyRuns.id, run.runId))).toEqual([]);
      expect(await db.select().from(runSteps).where(eq(runSteps.runId, run.runId))).toEqual([]);

      const [logged, ...more] = await findErasures(db, ws.workspaceId);
      expect(more).toEqual([]);
      expect(logged).toMatchObject({
        eventsDeleted: 3,
        messagesDeleted: 2,
        runsDeleted: 1,
        workflowsTerminated: 1,
        source: "api",
        requestedByKeyId: expect.any(String),
      });
      const serialized = JSON.stringify(logged);
      expect(serialized).not.toContain(fixture.userId);
      expect(serialized).not.toContain(fixture.email);
      expect(serialized).not.toContain(fixture.contactId);
    },
  );

  journeyWorkersTest("is idempotent: a second DELETE is a 404 with deleted: false", async ({ stack }) => {
    const fixture = await createContactFixture(db, ws, { events: 1 });
    expect((await erase(stack, fixture.userId)).status).toBe(200);
    const again = await erase(stack, fixture.userId);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ deleted: false, error: expect.stringContaining(fixture.userId) });
  });

  journeyWorkersTest("tolerates a run whose workflow never started or already ended", async ({ stack }) => {
    const fixture = await createContactFixture(db, ws);
    const run = await createRunFixture(db, ws.workspaceId, fixture.contactId);
    await expect(stack.temporal.workflow.getHandle(run.workflowId).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    const res = await erase(stack, fixture.userId);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ deleted: true, counts: { runs: 1, workflowsTerminated: 0 } });
  });
});
