// Journey lifecycle through the tRPC router on the real database and Temporal dev server:
// pause (signals, no entries meanwhile — not even after resume), the pause race with a run
// row written but not started yet, resume, archive (exit signals, rows of never-started runs
// ended, no publish/resume afterwards), versions with active runs and version pinning.
// Runs go to a task queue no worker polls: each workflow's history shows exactly what the
// lifecycle sent it (the workflow's own handling of the signals is tested in temporal/).
import { randomUUID } from "node:crypto";
import type { Client } from "@temporalio/client";
import { insertEventOnce, findEventByMessageId } from "@mailstream/db/queries/events";
import { ensureContact } from "@mailstream/db/queries/contacts";
import { insertJourneyRunOnce, type TriggerableJourney } from "@mailstream/db/queries/journeys-live";
import { journeyRuns, journeyVersions } from "@mailstream/db/schema";
import { journeyWorkflowId } from "@mailstream/temporal-contracts";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import { dispatchBatch } from "@mailstream/core/dispatch/dispatch-batch";
import { startJourneyRun } from "@mailstream/core/dispatch/start-run";
import { buildLinearGraph } from "@mailstream/testing/workspace-fixtures";
import { catchTRPCError, createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { dispatcherTest, quietLog } from "@mailstream/testing/dispatcher-stack";

const db = testDb();
const taskQueue = `journeys-lifecycle-${randomUUID().slice(0, 8)}`;
const quiet = quietLog;

const graph = buildLinearGraph("signed_up", [{ kind: "wait", seconds: 3600 }, { kind: "exit" }]);

async function track(workspaceId: string, userId: string, messageId: string = randomUUID()) {
  await insertEventOnce(db, {
    workspaceId,
    messageId,
    type: "track",
    userId,
    event: "signed_up",
    properties: {},
    timestamp: new Date(),
  });
}

function dispatch(temporal: Client, workspaceId: string) {
  return dispatchBatch({ db, temporal, workspaceIds: [workspaceId], taskQueue, log: quiet });
}

/** The journey's runs, oldest first; their workflows are terminated once the current test has finished. */
async function runsOf(temporal: Client, journeyId: string) {
  const runs = await db
    .select()
    .from(journeyRuns)
    .where(eq(journeyRuns.journeyId, journeyId))
    .orderBy(asc(journeyRuns.startedAt));
  onTestFinished(async () => {
    await Promise.allSettled(runs.map((run) => temporal.workflow.getHandle(run.workflowId).terminate("test finished")));
  });
  return runs;
}

/** `signalName:payload` for each signal in the workflow's history. */
async function signalsOf(temporal: Client, workflowId: string): Promise<string[]> {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const attributes = event.workflowExecutionSignaledEventAttributes;
    const data = attributes?.input?.payloads?.[0]?.data;
    return attributes && data ? [`${attributes.signalName}:${Buffer.from(data).toString("utf8")}`] : [];
  });
}

async function liveJourney() {
  const { workspace, caller } = await createWorkspaceCaller();
  const { id: journeyId } = await caller.journeys.create({ name: "Lifecycle" });
  const published = await caller.journeys.publish({ journeyId, graph });
  return { workspaceId: workspace.workspaceId, caller, journeyId, published };
}

describe("journeys.pause / resume", () => {
  dispatcherTest(
    "pauses every active run, lets no event in while paused (not even after resume), resumes them",
    async ({ stack }) => {
      const { workspaceId, caller, journeyId } = await liveJourney();
      await track(workspaceId, "ada");
      await track(workspaceId, "bob");
      await dispatch(stack.temporal, workspaceId);
      const runs = await runsOf(stack.temporal, journeyId);
      expect(runs).toHaveLength(2);

      expect(await caller.journeys.pause({ journeyId })).toEqual({
        journeyId,
        status: "paused",
        runsSignalled: 2,
        runsMissing: 0,
      });
      expect((await caller.journeys.byId({ journeyId })).status).toBe("paused");
      await track(workspaceId, "cyd");
      expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(0);
      expect(await caller.journeys.entrySkips({ journeyId })).toEqual([{ reason: "journey_paused", count: 1 }]);

      // Pausing twice is harmless and re-sends (repairs a run an earlier attempt missed).
      expect((await caller.journeys.pause({ journeyId })).runsSignalled).toBe(2);
      expect(await caller.journeys.resume({ journeyId })).toEqual({
        journeyId,
        status: "live",
        runsSignalled: 2,
        runsMissing: 0,
      });
      expect((await dispatch(stack.temporal, workspaceId)).claimed).toBe(0); // cyd's event stays out
      expect(await runsOf(stack.temporal, journeyId)).toHaveLength(2);
      for (const run of runs) {
        expect(await signalsOf(stack.temporal, run.workflowId)).toEqual([
          'setPaused:{"paused":true}',
          'setPaused:{"paused":true}',
          'setPaused:{"paused":false}',
        ]);
      }
      // New events enter again.
      await track(workspaceId, "dee");
      expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(1);
    },
  );

  dispatcherTest("a run row written while live but started after the pause starts paused", async ({ stack }) => {
    const { workspaceId, caller, journeyId, published } = await liveJourney();
    await track(workspaceId, "late", "late-1");
    const event = await findEventByMessageId(db, workspaceId, "late-1");
    // The first dispatch attempt wrote the row (journey live) and died before the start.
    const contact = await ensureContact(db, { workspaceId, userId: "late", email: null, timezone: null });
    const workflowId = journeyWorkflowId(journeyId, contact.id, event!.id);
    await insertJourneyRunOnce(db, {
      workspaceId,
      journeyId,
      versionId: published.versionId,
      contactId: contact.id,
      workflowId,
      triggerEventId: event!.id,
    });

    expect(await caller.journeys.pause({ journeyId })).toMatchObject({ runsSignalled: 0, runsMissing: 1 });
    expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(1);
    expect(await signalsOf(stack.temporal, workflowId)).toEqual(['setPaused:{"paused":true}']);
    expect((await runsOf(stack.temporal, journeyId)).map((run) => run.status)).toEqual(["active"]);
    expect(await caller.journeys.entrySkips({ journeyId })).toEqual([]);
  });

  dispatcherTest(
    "a dispatcher that read the journey as live before the pause starts the run paused",
    async ({ stack }) => {
      const { workspaceId, caller, journeyId, published } = await liveJourney();
      await track(workspaceId, "stale", "stale-1");
      const event = await findEventByMessageId(db, workspaceId, "stale-1");
      const contact = await ensureContact(db, { workspaceId, userId: "stale", email: null, timezone: null });
      const [version] = await db.select().from(journeyVersions).where(eq(journeyVersions.id, published.versionId));
      await caller.journeys.pause({ journeyId });
      // The batch's plans were loaded while live; the start's own locked check sees the pause.
      const stale: TriggerableJourney = {
        journeyId,
        workspaceId,
        versionId: published.versionId,
        plan: version!.plan,
        status: "live",
      };
      const deps = { db, temporal: stack.temporal, taskQueue, log: quiet };
      expect(
        await startJourneyRun(deps, {
          event: { ...event!, event: "signed_up" },
          contactId: contact.id,
          journey: stale,
        }),
      ).toBe(true);
      const [run] = await runsOf(stack.temporal, journeyId);
      expect(await signalsOf(stack.temporal, run!.workflowId)).toEqual(['setPaused:{"paused":true}']);
    },
  );

  it("refuses to pause a draft and names the problem; unknown journeys are NOT_FOUND", async () => {
    const { caller } = await createWorkspaceCaller();
    const { id: journeyId } = await caller.journeys.create({ name: "Draft" });
    const error = await catchTRPCError(() => caller.journeys.pause({ journeyId }));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/publish it first/);
    expect((await catchTRPCError(() => caller.journeys.resume({ journeyId: randomUUID() }))).code).toBe("NOT_FOUND");
    expect((await catchTRPCError(() => caller.journeys.pause({ journeyId: "nope" }))).code).toBe("BAD_REQUEST");
  });
});

describe("journeys.archive", () => {
  dispatcherTest(
    "exits active runs with a reason, ends never-started rows, and blocks publish, resume and new entries",
    async ({ stack }) => {
      const { workspaceId, caller, journeyId, published } = await liveJourney();
      await track(workspaceId, "ada");
      await dispatch(stack.temporal, workspaceId);
      const [running] = await runsOf(stack.temporal, journeyId);
      const contact = await ensureContact(db, { workspaceId, userId: "ghost", email: null, timezone: null });
      const ghost = await insertJourneyRunOnce(db, {
        workspaceId,
        journeyId,
        versionId: published.versionId,
        contactId: contact.id,
        workflowId: journeyWorkflowId(journeyId, contact.id, randomUUID()),
        triggerEventId: randomUUID(),
      });

      expect(await caller.journeys.archive({ journeyId })).toEqual({
        journeyId,
        status: "archived",
        runsSignalled: 1,
        runsMissing: 1,
      });
      expect(await signalsOf(stack.temporal, running!.workflowId)).toEqual(['exitRun:{"reason":"journey archived"}']);
      const rows = await runsOf(stack.temporal, journeyId);
      expect(rows.find((run) => run.id === ghost.id)).toMatchObject({
        status: "exited",
        endReason: "journey archived",
      });

      const publish = await catchTRPCError(() => caller.journeys.publish({ journeyId, graph }));
      expect([publish.code, publish.message]).toEqual(["PRECONDITION_FAILED", expect.stringMatching(/archived/)]);
      expect((await catchTRPCError(() => caller.journeys.resume({ journeyId }))).message).toMatch(
        /archived journeys cannot be resumed/,
      );
      expect((await catchTRPCError(() => caller.journeys.pause({ journeyId }))).code).toBe("PRECONDITION_FAILED");
      await track(workspaceId, "bob");
      expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(0);
      expect(await runsOf(stack.temporal, journeyId)).toHaveLength(2);
    },
  );
});

describe("journeys.versions", () => {
  dispatcherTest(
    "publishing a changed live journey makes a new version for new entrants; running contacts keep theirs",
    async ({ stack }) => {
      const { workspaceId, caller, journeyId, published } = await liveJourney();
      await track(workspaceId, "v1-contact");
      await dispatch(stack.temporal, workspaceId);
      const changed = buildLinearGraph("signed_up", [{ kind: "wait", seconds: 7200 }, { kind: "exit" }]);
      const second = await caller.journeys.publish({ journeyId, graph: changed });
      expect(second.version).toBe(2);
      await track(workspaceId, "v2-contact");
      await dispatch(stack.temporal, workspaceId);

      const runs = await runsOf(stack.temporal, journeyId);
      expect(runs.map((run) => run.versionId)).toEqual([published.versionId, second.versionId]);
      expect(await caller.journeys.versions({ journeyId })).toEqual([
        { id: second.versionId, version: 2, publishedAt: second.publishedAt, isLive: true, activeRuns: 1 },
        { id: published.versionId, version: 1, publishedAt: published.publishedAt, isLive: false, activeRuns: 1 },
      ]);
      // A paused journey stays paused when re-published.
      await caller.journeys.pause({ journeyId });
      await caller.journeys.publish({ journeyId, graph });
      expect((await caller.journeys.byId({ journeyId })).status).toBe("paused");
    },
  );
});
