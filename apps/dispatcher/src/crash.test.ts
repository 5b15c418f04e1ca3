// A real crash: the dispatcher process (`src/main.ts`, as the supervisor runs it)
// is SIGKILLed while events stream in, then restarted. Every event's effects must have
// happened exactly once: one journey run (row and workflow) per trigger event, computed
// counts and sums equal to what was sent. Own database and Temporal namespace, like main.test.ts.
import { Client } from "@temporalio/client";
import { createDb } from "@mailstream/db/client";
import { saveComputedTrait } from "@mailstream/db/queries/computed-traits";
import { contactComputedTraits, contacts, events, journeyRuns } from "@mailstream/db/schema";
import { and, eq, isNull, sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { ingestTrack } from "@mailstream/core/ingest/ingest";
import {
  buildLinearGraph,
  createLiveJourney,
  createWorkspaceWithKeys,
  waitFor,
} from "@mailstream/testing/workspace-fixtures";
import { dispatcherProcessTest, type IsolatedDispatcher } from "@mailstream/testing/dispatcher-process";

dispatcherProcessTest.override({
  dispatcherProcessOptions: { databasePrefix: "ms_crash", namespace: "mailstream-dispatcher-crash-test" },
});

function spawnDispatcher(isolated: IsolatedDispatcher) {
  const dispatcher = isolated.spawn(isolated.env);
  const ready = waitFor(
    "dispatcher ready",
    async () => /^dispatcher ready$/m.test(dispatcher.output()) || dispatcher.child.exitCode !== null,
    60_000,
  );
  return { ...dispatcher, ready };
}

const USERS = 30;
const ORDERS_PER_USER = 6;

describe("dispatcher crash", () => {
  dispatcherProcessTest(
    "SIGKILL mid-stream, restart: every event's effects happen exactly once",
    async ({ isolated }) => {
      const { databaseUrl, namespace: NAMESPACE } = isolated;
      const { db } = createDb(databaseUrl);
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const journey = await createLiveJourney(
        db,
        workspaceId,
        "Welcome",
        buildLinearGraph("signed_up", [{ kind: "wait", seconds: 3600 }, { kind: "exit" }]),
      );
      await saveComputedTrait(db, workspaceId, {
        key: "orders",
        kind: "count",
        eventName: "order_completed",
        property: null,
        filters: [],
        windowSeconds: null,
      });
      await saveComputedTrait(db, workspaceId, {
        key: "spent",
        kind: "sum",
        eventName: "order_completed",
        property: "total",
        filters: [],
        windowSeconds: null,
      });
      const countDispatched = async () =>
        (
          await db
            .select({ n: sql<number>`count(*)::int` })
            .from(events)
            .where(and(eq(events.workspaceId, workspaceId), sql`${events.dispatchedAt} is not null`))
        )[0]!.n;

      // The stream: per user a signed_up (a journey trigger) and orders, interleaved across users.
      const sends: (() => Promise<unknown>)[] = [];
      for (let round = 0; round <= ORDERS_PER_USER; round++) {
        for (let u = 0; u < USERS; u++) {
          const userId = `user-${u}`;
          sends.push(() =>
            round === 0
              ? ingestTrack(db, workspaceId, { userId, event: "signed_up", messageId: `${userId}-signup` })
              : ingestTrack(db, workspaceId, {
                  userId,
                  event: "order_completed",
                  properties: { total: round },
                  messageId: `${userId}-order-${round}`,
                }),
          );
        }
      }
      const total = sends.length;
      let sent = 0;
      const stream = (async () => {
        for (const send of sends) {
          await send();
          sent++;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();

      // Effects applied but the claim not committed at the kill: what the restart replays.
      const pendingReplays = async () =>
        (
          await db.execute<{ n: number }>(sql`select count(*)::int as n from ${contactComputedTraits} ct
        where exists (select 1 from ${events} e where e.seq = any(ct.applied_seqs) and e.dispatched_at is null)`)
        ).rows[0]!.n;
      // Killed twice mid-round — effects of claimed events already committed, the claim not
      // yet — while more events arrive; restarted each time.
      let dispatchedBefore = -1;
      for (const round of [1, 2]) {
        const dispatcher = spawnDispatcher(isolated);
        await dispatcher.ready;
        // The second kill waits for a round of the restarted process (it has marked events since).
        await waitFor(
          `a round in flight (kill ${round})`,
          async () => (await countDispatched()) > dispatchedBefore && (await pendingReplays()) > 0,
          60_000,
        );
        dispatcher.child.kill("SIGKILL");
        await dispatcher.exited;
        const dispatched = await countDispatched();
        dispatchedBefore = dispatched;
        console.log(
          `[crash test] SIGKILL after ${dispatched}/${total} dispatched; ${await pendingReplays()} trait rows hold applied, unmarked events`,
        );
        expect(dispatched).toBeLessThan(total);
      }

      const second = spawnDispatcher(isolated);
      await second.ready;
      await stream;
      expect(sent).toBe(total);
      await waitFor("every event dispatched", async () => (await countDispatched()) === total, 90_000);

      // Runs: exactly one per signed_up, each a workflow in Temporal.
      const runs = await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journey.journeyId));
      expect(runs).toHaveLength(USERS);
      expect(new Set(runs.map((run) => run.contactId)).size).toBe(USERS);
      const client = new Client({ connection: isolated.connection, namespace: NAMESPACE });
      for (const run of runs) {
        const handle = client.workflow.getHandle(run.workflowId);
        expect((await handle.describe()).status.name).toBe("RUNNING");
        await handle.terminate("crash test finished").catch(() => {});
      }

      // Computed traits: counted once each, whatever was replayed after the kill.
      const values = await db
        .select({ userId: contacts.userId, key: contactComputedTraits.key, value: contactComputedTraits.value })
        .from(contactComputedTraits)
        .innerJoin(contacts, eq(contacts.id, contactComputedTraits.contactId))
        .where(eq(contacts.workspaceId, workspaceId));
      const expectedSum = (ORDERS_PER_USER * (ORDERS_PER_USER + 1)) / 2;
      for (let u = 0; u < USERS; u++) {
        const mine = Object.fromEntries(
          values.filter((row) => row.userId === `user-${u}`).map((row) => [row.key, row.value]),
        );
        expect(mine, `user-${u}`).toEqual({ orders: ORDERS_PER_USER, spent: expectedSum });
      }
      expect(
        await db
          .select()
          .from(events)
          .where(and(eq(events.workspaceId, workspaceId), isNull(events.dispatchedAt))),
      ).toEqual([]);
      second.child.kill("SIGTERM");
      await second.exited;
    },
    240_000,
  );
});
