// Segment entry as a journey trigger and segment membership as a branch predicate, end to
// end on real Postgres + Temporal workers: publish (segment ids validated), identify →
// dispatcher → membership entry → run keyed by the entry → branch reads membership fresh →
// email in the outbox. A replayed entry starts nothing new; leaving and re-entering does.
import { createDb } from "@mailstream/db/client";
import { findContactByUserId } from "@mailstream/db/queries/contacts";
import { journeyRuns, messages, runSteps, segmentMemberships } from "@mailstream/db/schema";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { dispatchBatch } from "../dispatch/dispatch-batch";
import { ingestIdentify } from "../ingest/ingest";
import { createJourney } from "../journeys/journeys";
import { publishJourney } from "../journeys/publish-journey";
import { createTemplateFixture, createWorkspaceWithKeys, waitFor } from "@mailstream/testing/workspace-fixtures";
import { startPendingEntryRuns } from "./entry-runs";
import { createSegment, removeSegment } from "./segments";
import { journeyWorkersTest, type JourneyWorkers } from "@mailstream/testing/journey-workers";
import { quietLog } from "@mailstream/testing/dispatcher-stack";

const { db } = createDb(testEnv().databaseUrl);
const quiet = quietLog;

journeyWorkersTest.override({ journeyWorkersOptions: { label: "seg", quietRuntime: true } });

const deps = (stack: JourneyWorkers) => ({
  db,
  temporal: stack.temporal,
  taskQueue: stack.taskQueues.journeys,
  runOptions: { emailTaskQueue: stack.taskQueues.email },
  log: quiet,
});
const dispatch = (stack: JourneyWorkers, workspaceId: string) =>
  dispatchBatch({ ...deps(stack), workspaceIds: [workspaceId] });

/** Segment trigger → branch "still in VIP?" → yes: email → exit; no: exit. */
function vipGraph(segmentId: string, templateId: string): JourneyGraph {
  const at = (y: number) => ({ x: 250, y });
  return {
    nodes: [
      {
        id: "trigger",
        position: at(0),
        data: { kind: "trigger", source: "segment", segmentId, event: "", filters: [] },
      },
      {
        id: "still-vip",
        position: at(150),
        data: {
          kind: "branch",
          condition: {
            match: "all",
            groups: [{ match: "all", predicates: [{ type: "segment", segmentId, isMember: true }] }],
          },
        },
      },
      { id: "welcome", position: at(300), data: { kind: "email", templateId } },
      { id: "done", position: at(450), data: { kind: "exit" } },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "still-vip", sourceHandle: null },
      { id: "e2", source: "still-vip", target: "welcome", sourceHandle: "yes" },
      { id: "e3", source: "still-vip", target: "done", sourceHandle: "no" },
      { id: "e4", source: "welcome", target: "done", sourceHandle: null },
    ],
  };
}

describe("segment-triggered journeys", () => {
  journeyWorkersTest(
    "an entry starts one run keyed by the entry; the branch reads membership; re-entry starts another",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const vip = await createSegment(db, workspaceId, {
        name: "VIP",
        definition: {
          match: "all",
          groups: [{ match: "all", predicates: [{ type: "trait", path: "vip", op: "eq", value: true }] }],
        },
      });
      const templateId = await createTemplateFixture(db, workspaceId, "VIP welcome", "Welcome to VIP");
      const journey = await createJourney(db, workspaceId, "VIP welcome");
      await publishJourney({ db, workspaceId, journeyId: journey.id, graph: vipGraph(vip.id, templateId) });

      await ingestIdentify(db, workspaceId, { userId: "vi", traits: { vip: true, email: "vi@mailstream.test" } });
      expect(await dispatch(stack, workspaceId)).toMatchObject({ dispatched: 1 });
      const contact = (await findContactByUserId(db, workspaceId, "vi"))!;
      const [entry] = await db.select().from(segmentMemberships).where(eq(segmentMemberships.contactId, contact.id));
      expect(entry?.runsStartedAt).toBeInstanceOf(Date);

      const [run] = await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journey.id));
      expect(run).toMatchObject({ contactId: contact.id, triggerEventId: entry!.id });
      expect(run!.workflowId).toContain(entry!.id);
      const sent = await waitFor("the VIP email", async () => {
        const rows = await db
          .select()
          .from(messages)
          .where(and(eq(messages.contactId, contact.id), eq(messages.status, "sent")));
        return rows.length > 0 ? rows : null;
      });
      expect(sent).toHaveLength(1);
      const [decision] = await db
        .select()
        .from(runSteps)
        .where(and(eq(runSteps.runId, run!.id), eq(runSteps.nodeId, "still-vip")));
      expect(decision?.outcome).toBe("yes");

      // A crash after the runs started but before the entry was marked: the replay starts nothing new.
      await db.update(segmentMemberships).set({ runsStartedAt: null }).where(eq(segmentMemberships.id, entry!.id));
      expect(await startPendingEntryRuns(deps(stack), { contactIds: [contact.id] })).toEqual({
        entries: 1,
        runsStarted: 0,
      });
      expect(await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journey.id))).toHaveLength(1);

      // Leave, then enter again: a second entry, a second run.
      await ingestIdentify(db, workspaceId, { userId: "vi", traits: { vip: false } });
      await ingestIdentify(db, workspaceId, { userId: "vi", traits: { vip: true } });
      await dispatch(stack, workspaceId);
      expect(
        await db.select().from(segmentMemberships).where(eq(segmentMemberships.contactId, contact.id)),
      ).toHaveLength(2);
      await waitFor("a second run", async () => {
        const runs = await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journey.id));
        return runs.length === 2 ? runs : null;
      });

      // A segment a live journey uses cannot be deleted.
      await expect(removeSegment(db, workspaceId, vip.id)).rejects.toThrow(/Journey "VIP welcome" uses this segment/);
    },
  );

  journeyWorkersTest("publishing rejects a segment of another workspace", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const other = await createWorkspaceWithKeys(db);
    const foreign = await createSegment(db, other.workspaceId, {
      name: "Elsewhere",
      definition: {
        match: "all",
        groups: [{ match: "all", predicates: [{ type: "trait", path: "x", op: "exists" }] }],
      },
    });
    const templateId = await createTemplateFixture(db, workspaceId, "T", "T");
    const journey = await createJourney(db, workspaceId, "Foreign");
    await expect(
      publishJourney({ db, workspaceId, journeyId: journey.id, graph: vipGraph(foreign.id, templateId) }),
    ).rejects.toThrow(/does not exist/);
  });
});
