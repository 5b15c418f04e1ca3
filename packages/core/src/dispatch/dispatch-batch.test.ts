// The dispatcher against the real database and Temporal dev server: contacts from
// identify/track, trigger matching, and exactly-once run starts across simulated crashes.
// Runs go to a task queue no worker polls, so workflows stay open for inspection and are
// terminated at the end.
import { randomUUID } from "node:crypto";
import { Client, Connection, type WorkflowHandle } from "@temporalio/client";
import { createDb } from "@mailstream/db/client";
import { ensureContact, findContactByUserId } from "@mailstream/db/queries/contacts";
import { findEventByMessageId } from "@mailstream/db/queries/events";
import { insertJourneyRunOnce } from "@mailstream/db/queries/journeys-live";
import { events, journeyRuns } from "@mailstream/db/schema";
import { findFreePort } from "@mailstream/testing/ports";
import { testEnv } from "@mailstream/testing/test-env";
import { journeyWorkflowId, type JourneyRunInput } from "@mailstream/temporal-contracts";
import { eq } from "drizzle-orm";
import { describe, expect, onTestFinished } from "vitest";
import { ingestIdentify, ingestTrack } from "../ingest/ingest";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";
import { dispatchBatch, type DispatchOptions } from "./dispatch-batch";
import { dispatcherTest, quietLog } from "@mailstream/testing/dispatcher-stack";

const { db } = createDb(testEnv().databaseUrl);
const taskQueue = `journeys-unpolled-${randomUUID().slice(0, 8)}`;

/** Terminates the run's workflow once the current test has finished. */
function terminateAfterTest(handle: WorkflowHandle) {
  onTestFinished(async () => {
    await handle.terminate("test finished").catch(() => {});
  });
}

const quiet = quietLog;
function dispatch(temporal: Client, workspaceId: string, overrides: Partial<DispatchOptions> = {}) {
  return dispatchBatch({ db, temporal, workspaceIds: [workspaceId], taskQueue, log: quiet, ...overrides });
}

async function runsOf(workspaceId: string) {
  return db.select().from(journeyRuns).where(eq(journeyRuns.workspaceId, workspaceId));
}

async function liveWelcome(workspaceId: string, filters: Parameters<typeof buildLinearGraph>[2] = []) {
  const templateId = await createTemplateFixture(db, workspaceId, "Welcome", "Welcome");
  return createLiveJourney(
    db,
    workspaceId,
    "Welcome",
    buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }], filters),
  );
}

/** The JourneyRunInput a workflow was started with, read back from its history. */
async function startInputOf(handle: WorkflowHandle): Promise<JourneyRunInput> {
  const history = await handle.fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return JSON.parse(Buffer.from(payload!.data!).toString("utf8")) as JourneyRunInput;
}

describe("dispatchBatch", () => {
  dispatcherTest("applies identify traits to the contact; a track only fills a missing email", async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    await ingestIdentify(db, workspaceId, {
      userId: "ada",
      traits: { first_name: "Ada", email: "ada@mailstream.test" },
      context: { timezone: "Europe/Berlin" },
    });
    await ingestIdentify(db, workspaceId, { userId: "ada", traits: { plan: "pro" } });
    await ingestTrack(db, workspaceId, {
      userId: "ada",
      event: "clicked",
      properties: { email: "other@mailstream.test" },
    });
    await ingestTrack(db, workspaceId, {
      userId: "bob",
      event: "clicked",
      context: { traits: { email: "bob@mailstream.test" }, timezone: "Not/AZone" },
    });
    await ingestTrack(db, workspaceId, { anonymousId: "anon-1", event: "clicked" });

    const result = await dispatch(stack.temporal, workspaceId);
    expect(result).toEqual({ claimed: 5, dispatched: 5, runsStarted: 0 });
    expect(await findContactByUserId(db, workspaceId, "ada")).toMatchObject({
      email: "ada@mailstream.test",
      timezone: "Europe/Berlin",
      traits: { first_name: "Ada", email: "ada@mailstream.test", plan: "pro" },
    });
    expect(await findContactByUserId(db, workspaceId, "bob")).toMatchObject({
      email: "bob@mailstream.test",
      timezone: null,
    });
    expect(await dispatch(stack.temporal, workspaceId)).toEqual({ claimed: 0, dispatched: 0, runsStarted: 0 });
  });

  dispatcherTest("starts a run only for a live journey whose trigger name and filters match", async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const journey = await liveWelcome(workspaceId, [{ path: "properties.plan", op: "eq", value: "pro" }]);
    await ingestTrack(db, workspaceId, {
      userId: "u1",
      event: "signed_up",
      properties: { plan: "pro" },
      messageId: "match",
    });
    await ingestTrack(db, workspaceId, { userId: "u2", event: "signed_up", properties: { plan: "free" } });
    await ingestTrack(db, workspaceId, { userId: "u3", event: "logged_in", properties: { plan: "pro" } });
    await ingestTrack(db, workspaceId, { anonymousId: "a4", event: "signed_up", properties: { plan: "pro" } });

    expect(await dispatch(stack.temporal, workspaceId)).toEqual({ claimed: 4, dispatched: 4, runsStarted: 1 });
    const runs = await runsOf(workspaceId);
    expect(runs).toHaveLength(1);
    const event = await findEventByMessageId(db, workspaceId, "match");
    const contact = await findContactByUserId(db, workspaceId, "u1");
    expect(runs[0]).toMatchObject({
      journeyId: journey.journeyId,
      versionId: journey.versionId,
      contactId: contact!.id,
      triggerEventId: event!.id,
      status: "active",
    });

    const handle = stack.temporal.workflow.getHandle(journeyWorkflowId(journey.journeyId, contact!.id, event!.id));
    terminateAfterTest(handle);
    expect((await handle.describe()).status.name).toBe("RUNNING");
    expect(await startInputOf(handle)).toMatchObject({
      runId: runs[0]!.id,
      plan: journey.plan,
      trigger: { eventId: event!.id, event: "signed_up", properties: { plan: "pro" } },
    });
  });

  dispatcherTest(
    "starts one workflow when the same event is dispatched twice (crash before the claim committed)",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const journey = await liveWelcome(workspaceId);
      await ingestTrack(db, workspaceId, { userId: "twice", event: "signed_up", messageId: "twice" });
      expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(1);
      const event = await findEventByMessageId(db, workspaceId, "twice");
      const contact = await findContactByUserId(db, workspaceId, "twice");
      const handle = stack.temporal.workflow.getHandle(journeyWorkflowId(journey.journeyId, contact!.id, event!.id));
      terminateAfterTest(handle);
      const firstExecution = (await handle.describe()).runId;

      // The crash: the work happened but `dispatched_at` never committed.
      await db.update(events).set({ dispatchedAt: null }).where(eq(events.id, event!.id));
      expect(await dispatch(stack.temporal, workspaceId)).toEqual({ claimed: 1, dispatched: 1, runsStarted: 0 });
      expect(await runsOf(workspaceId)).toHaveLength(1);
      expect((await handle.describe()).runId).toBe(firstExecution);
    },
  );

  dispatcherTest("starts the workflow for a run row left by a crash between insert and start", async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const journey = await liveWelcome(workspaceId);
    await ingestTrack(db, workspaceId, { userId: "half", event: "signed_up", messageId: "half" });
    const event = await findEventByMessageId(db, workspaceId, "half");
    // Simulate the first attempt: contact and run row committed, then the process died.
    const { id: contactId } = await ensureContact(db, { workspaceId, userId: "half", email: null, timezone: null });
    const workflowId = journeyWorkflowId(journey.journeyId, contactId, event!.id);
    const orphan = await insertJourneyRunOnce(db, {
      workspaceId,
      journeyId: journey.journeyId,
      versionId: journey.versionId,
      contactId,
      workflowId,
      triggerEventId: event!.id,
    });

    expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(1);
    const handle = stack.temporal.workflow.getHandle(workflowId);
    terminateAfterTest(handle);
    expect((await startInputOf(handle)).runId).toBe(orphan.id);
    expect(await runsOf(workspaceId)).toHaveLength(1);
  });

  dispatcherTest(
    "leaves the event undispatched when Temporal is unreachable, and starts it once Temporal is back",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const journey = await liveWelcome(workspaceId);
      await ingestTrack(db, workspaceId, { userId: "early", event: "logged_in", messageId: "before" });
      await ingestTrack(db, workspaceId, { userId: "down", event: "signed_up", messageId: "down" });
      // A later event of the same contact must wait for the failed one (per-contact order).
      await ingestIdentify(db, workspaceId, {
        userId: "down",
        traits: { first_name: "Later" },
        messageId: "down-later",
      });
      const deadConnection = Connection.lazy({ address: `127.0.0.1:${await findFreePort()}` });
      const deadTemporal = new Client({ connection: deadConnection, namespace: "default" });
      try {
        const failed = await dispatch(stack.temporal, workspaceId, { temporal: deadTemporal, startDeadlineMs: 1_000 });
        expect(failed).toMatchObject({ claimed: 3, dispatched: 1, runsStarted: 0 });
        expect(failed.error).toBeDefined();
      } finally {
        await deadConnection.close();
      }
      expect((await findEventByMessageId(db, workspaceId, "before"))!.dispatchedAt).not.toBeNull();
      expect((await findEventByMessageId(db, workspaceId, "down"))!.dispatchedAt).toBeNull();
      expect((await findEventByMessageId(db, workspaceId, "down-later"))!.dispatchedAt).toBeNull();
      expect((await findContactByUserId(db, workspaceId, "down"))!.traits).toEqual({});

      expect(await dispatch(stack.temporal, workspaceId)).toEqual({ claimed: 2, dispatched: 2, runsStarted: 1 });
      expect((await findContactByUserId(db, workspaceId, "down"))!.traits).toEqual({ first_name: "Later" });
      const [run] = await runsOf(workspaceId);
      terminateAfterTest(stack.temporal.workflow.getHandle(run!.workflowId));
      expect(run!.journeyId).toBe(journey.journeyId);
      expect(await runsOf(workspaceId)).toHaveLength(1);
    },
  );
});
