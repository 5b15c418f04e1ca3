// "Wait until event" through the dispatcher on the real stack: added_to_cart starts a run
// that waits for checkout; a later checkout event, dispatched like any other, signals the
// waiting run, which takes its `matched` outlet. Other events and other contacts do not.
// Goal and exit-criteria events reach the contact's runs the same way.
import { randomUUID } from "node:crypto";
import { createDb } from "@mailstream/db/client";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { insertJourney, insertPublishedVersion } from "@mailstream/db/queries/journeys";
import { contacts, journeyRuns } from "@mailstream/db/schema";
import { compileGraph } from "@mailstream/journey/compile";
import type { Plan } from "@mailstream/journey/plan";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { ingestTrack } from "../ingest/ingest";
import {
  buildLinearGraph,
  createLiveJourney,
  createWorkspaceWithKeys,
  waitFor,
} from "@mailstream/testing/workspace-fixtures";
import { dispatchBatch } from "./dispatch-batch";
import { listenedEventNames } from "./signal-runs";
import { journeyWorkersTest } from "@mailstream/testing/journey-workers";

const { db } = createDb(testEnv().databaseUrl);

const suffix = randomUUID().slice(0, 8);
journeyWorkersTest.override({ journeyWorkersOptions: { label: "sig" } });

const graph: JourneyGraph = {
  nodes: [
    { id: "trigger", position: { x: 0, y: 0 }, data: { kind: "trigger", event: "added_to_cart", filters: [] } },
    {
      id: "wait",
      position: { x: 0, y: 100 },
      data: {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 1, unit: "hours" },
        untilEvent: { event: "checkout", filters: [], matchOnEntryKey: false, timeout: { amount: 1, unit: "hours" } },
      },
    },
    { id: "exit-matched", position: { x: 0, y: 200 }, data: { kind: "exit" } },
    { id: "exit-timeout", position: { x: 200, y: 200 }, data: { kind: "exit" } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "wait", sourceHandle: null },
    { id: "e2", source: "wait", target: "exit-matched", sourceHandle: "matched" },
    { id: "e3", source: "wait", target: "exit-timeout", sourceHandle: "timed_out" },
  ],
};

journeyWorkersTest("signals the contact's waiting run when its awaited event is dispatched", async ({ stack }) => {
  const { workspaceId } = await createWorkspaceWithKeys(db);
  const { journeyId } = await createLiveJourney(db, workspaceId, "Cart", graph);
  const dispatch = () =>
    dispatchBatch({
      db,
      temporal: stack.temporal,
      workspaceIds: [workspaceId],
      taskQueue: stack.taskQueues.journeys,
      runOptions: { emailTaskQueue: stack.taskQueues.email },
    });

  await ingestTrack(db, workspaceId, {
    userId: "cart-1",
    event: "added_to_cart",
    properties: { email: "cart-1@mailstream.test" },
  });
  await dispatch();
  const run = await waitFor("run waiting", async () => {
    const [row] = await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journeyId));
    return row?.currentNodeId === "wait" ? row : null;
  });

  // Another contact's checkout and this contact's unrelated event leave the run waiting.
  await ingestTrack(db, workspaceId, { userId: "cart-2", event: "checkout" });
  await ingestTrack(db, workspaceId, { userId: "cart-1", event: "viewed_product" });
  await dispatch();
  await ingestTrack(db, workspaceId, { userId: "cart-1", event: "checkout", properties: { total: 30 } });
  await dispatch();

  expect(await stack.temporal.workflow.getHandle(run.workflowId).result()).toEqual({ status: "completed" });
  const steps = (await findRunSteps(db, run.id)).map((step) => [step.nodeId, step.outcome]);
  expect(steps).toEqual([
    ["trigger", "entered"],
    ["wait", "waiting"],
    ["wait", "matched"],
    ["exit-matched", "exited"],
  ]);
  // The dispatcher wrote the entry with the start (LEAN_ENTRY_PATCH): the run's own writes are the wait's two and the exit's.
  const history = await stack.temporal.workflow.getHandle(run.workflowId).fetchHistory();
  const markers = (history.events ?? []).flatMap((event) => event.markerRecordedEventAttributes?.markerName ?? []);
  expect(markers.filter((name) => name === "core_local_activity")).toHaveLength(3);
});

describe("goal and exit-criteria routing", () => {
  journeyWorkersTest("listens for until-event waits, the goal and exit criteria", () => {
    const compiled = compileGraph(graph);
    if (!compiled.ok) throw new Error("test graph does not compile");
    expect(listenedEventNames(compiled.plan)).toEqual(["checkout"]);
    expect(listenedEventNames(withSettings(compiled.plan)).sort()).toEqual([
      "checkout",
      "purchase",
      "unsubscribed_all",
    ]);
  });

  journeyWorkersTest(
    "signals the contact's runs whose goal or exit criteria name the event, and only those",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const emailOnly = buildLinearGraph("signed_up", [{ kind: "wait", seconds: 3600 }, { kind: "exit" }]);
      const compiled = compileGraph(emailOnly);
      if (!compiled.ok) throw new Error("test graph does not compile");
      const journey = await insertJourney(db, { workspaceId, name: "Goal", draft: emailOnly });
      await insertPublishedVersion(db, {
        workspaceId,
        journeyId: journey.id,
        graph: emailOnly,
        plan: withSettings(compiled.plan),
      });
      // An unpolled queue: the run stays open and its history shows exactly what it was sent.
      const dispatch = () =>
        dispatchBatch({ db, temporal: stack.temporal, workspaceIds: [workspaceId], taskQueue: `unpolled-${suffix}` });

      await ingestTrack(db, workspaceId, { userId: "goal-1", event: "signed_up" });
      await ingestTrack(db, workspaceId, { userId: "goal-2", event: "signed_up" });
      await dispatch();
      const runs = await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journey.id));
      expect(runs).toHaveLength(2);
      const handles = runs.map((run) => stack.temporal.workflow.getHandle(run.workflowId));
      try {
        await ingestTrack(db, workspaceId, { userId: "goal-1", event: "purchase", properties: { total: 5 } });
        await ingestTrack(db, workspaceId, { userId: "goal-1", event: "viewed_product" });
        await ingestTrack(db, workspaceId, { userId: "goal-1", event: "unsubscribed_all" });
        await ingestTrack(db, workspaceId, { userId: "goal-3", event: "purchase" });
        await dispatch();

        const contactOf = new Map(runs.map((run, i) => [run.contactId, handles[i]!]));
        const [first] = await db
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.userId, "goal-1")));
        const signalled = async (handle: (typeof handles)[number]) => {
          const history = await handle.fetchHistory();
          return (history.events ?? []).flatMap((event) => {
            const attributes = event.workflowExecutionSignaledEventAttributes;
            if (!attributes) return [];
            const payload = attributes.input?.payloads?.[0]?.data;
            return [
              `${attributes.signalName}:${(JSON.parse(Buffer.from(payload!).toString("utf8")) as { event: string }).event}`,
            ];
          });
        };
        expect(await signalled(contactOf.get(first!.id)!)).toEqual([
          "eventReceived:purchase",
          "eventReceived:unsubscribed_all",
        ]);
        const other = runs.find((run) => run.contactId !== first!.id)!;
        expect(await signalled(contactOf.get(other.contactId)!)).toEqual([]);
      } finally {
        await Promise.allSettled(handles.map((handle) => handle.terminate("test finished")));
      }
    },
  );
});

function withSettings(plan: Plan): Plan {
  return {
    ...plan,
    settings: {
      goal: { event: "purchase", filters: [], windowMs: 86_400_000 },
      exitCriteria: [{ event: "unsubscribed_all", filters: [] }],
      quietHours: null,
      frequencyCap: null,
      timeZone: "UTC",
    },
  };
}
