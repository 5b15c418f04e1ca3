// Fair dispatch (issue 13): a workspace with a large backlog takes only its share of a round,
// so another workspace's trigger event is claimed — and its run started — in the first round.
// Runs go to a task queue no worker polls; the workflow is terminated at the end.
import { randomUUID } from "node:crypto";
import { createDb } from "@mailstream/db/client";
import { claimUndispatchedEvents } from "@mailstream/db/queries/events";
import { events, journeyRuns } from "@mailstream/db/schema";
import { dispatcherTest, quietLog } from "@mailstream/testing/dispatcher-stack";
import { testEnv } from "@mailstream/testing/test-env";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";
import { eq, sql } from "drizzle-orm";
import { describe, expect, onTestFinished } from "vitest";
import { ingestTrack } from "../ingest/ingest";
import { dispatchBatch } from "./dispatch-batch";

const { db } = createDb(testEnv().databaseUrl);
const BACKLOG = 3_000;

/** A workspace with BACKLOG undispatched track events, inserted in one statement; drained after the test. */
async function floodedWorkspace(): Promise<string> {
  const { workspaceId } = await createWorkspaceWithKeys(db);
  await db.execute(sql`
    insert into ${events} (workspace_id, message_id, type, user_id, event, timestamp)
    select ${workspaceId}::uuid, 'flood-' || i, 'track', 'flooder-' || (i % 50), 'flooded', now()
    from generate_series(1, ${BACKLOG}) as i`);
  onTestFinished(async () => {
    await db.update(events).set({ dispatchedAt: new Date() }).where(eq(events.workspaceId, workspaceId));
  });
  return workspaceId;
}

async function seqsOf(workspaceId: string, limit: number): Promise<number[]> {
  const rows = await db
    .select({ seq: events.seq })
    .from(events)
    .where(eq(events.workspaceId, workspaceId))
    .orderBy(events.seq)
    .limit(limit);
  return rows.map((row) => row.seq);
}

describe("fair claim", () => {
  dispatcherTest("a flooded workspace takes its share; the other's event is claimed in the first round", async () => {
    const flooded = await floodedWorkspace();
    const { workspaceId: quiet } = await createWorkspaceWithKeys(db);
    await ingestTrack(db, quiet, { userId: "bea", event: "signed_up" });

    await db
      .transaction(async (tx) => {
        const claim = await claimUndispatchedEvents(tx, { limit: 100, workspaceIds: [flooded, quiet] });
        const ofFlooded = claim.events.filter((event) => event.workspaceId === flooded);
        const ofQuiet = claim.events.filter((event) => event.workspaceId === quiet);
        expect(ofQuiet.map((event) => event.userId)).toEqual(["bea"]);
        // The claim returns the rows whole (migration 0040): as a read of the row would.
        const {
          insertXid: _xid,
          dispatchAttempts: _n,
          dispatchError: _e,
          parkedAt: _p,
          ...stored
        } = (await tx.select().from(events).where(eq(events.seq, ofQuiet[0]!.seq)))[0]!;
        expect(ofQuiet[0]).toEqual(stored);
        // Half the round each; the flooded one's share is its OLDEST events, in seq order (per-contact order holds).
        expect(ofFlooded.map((event) => event.seq)).toEqual(await seqsOf(flooded, 50));
        expect(claim.events.map((event) => event.seq)).toEqual(
          claim.events.map((event) => event.seq).sort((a, b) => a - b),
        );
        expect(claim.hasMore).toBe(true);
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.message === "Rollback")) throw error;
      });
  });

  // The dispatcher's own claim names no workspaces: it finds those with a backlog by a skip
  // scan (claim_undispatched_events, migration 0037). Other tests' backlogs may be claimed
  // too, for the moment of this transaction; it rolls back.
  dispatcherTest("without a workspace list, every workspace with a backlog gets its oldest events", async () => {
    const flooded = await floodedWorkspace();
    const { workspaceId: quiet } = await createWorkspaceWithKeys(db);
    await ingestTrack(db, quiet, { userId: "bea", event: "signed_up" });

    await db
      .transaction(async (tx) => {
        const claim = await claimUndispatchedEvents(tx, { limit: 10_000 });
        const ofFlooded = claim.events.filter((event) => event.workspaceId === flooded);
        expect(claim.events.filter((event) => event.workspaceId === quiet).map((event) => event.userId)).toEqual([
          "bea",
        ]);
        expect(ofFlooded.length).toBeGreaterThan(0);
        expect(ofFlooded.map((event) => event.seq)).toEqual(await seqsOf(flooded, ofFlooded.length));
        expect(claim.events.map((event) => event.seq)).toEqual(
          claim.events.map((event) => event.seq).sort((a, b) => a - b),
        );
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.message === "Rollback")) throw error;
      });
  });

  dispatcherTest("the quiet workspace's run starts in the first dispatch round", async ({ stack }) => {
    const taskQueue = `journeys-unpolled-${randomUUID().slice(0, 8)}`;
    const flooded = await floodedWorkspace();
    const { workspaceId: quiet } = await createWorkspaceWithKeys(db);
    const templateId = await createTemplateFixture(db, quiet, "Welcome", "Welcome");
    const journey = await createLiveJourney(
      db,
      quiet,
      "Welcome",
      buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]),
    );
    await ingestTrack(db, quiet, { userId: "bea", event: "signed_up" });

    const round = await dispatchBatch({
      db,
      temporal: stack.temporal,
      workspaceIds: [flooded, quiet],
      batchSize: 10,
      taskQueue,
      log: quietLog,
    });
    expect(round).toMatchObject({ claimed: 6, dispatched: 6, runsStarted: 1, hasMore: true });
    const [run] = await db.select().from(journeyRuns).where(eq(journeyRuns.workspaceId, quiet));
    expect(run?.journeyId).toBe(journey.journeyId);
    const handle = stack.temporal.workflow.getHandle(run!.workflowId);
    onTestFinished(async () => {
      await handle.terminate("test finished").catch(() => {});
    });
    expect((await handle.describe()).status.name).toBe("RUNNING");
    // The flood's untouched rest is still waiting, oldest first.
    const [left] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(sql`${events.workspaceId} = ${flooded} and ${events.dispatchedAt} is null`);
    expect(left?.n).toBe(BACKLOG - 5);
  });
});
