// Segment membership against the real database through the real dispatcher: per-event
// re-evaluation (only touched segments), enter/leave/re-enter history, segments that refer
// to segments, retry idempotence, and the scheduled sweep (time-based fall-out, contacts no
// event announced, size snapshots). No journeys here, so Temporal is never reached.
import { randomUUID } from "node:crypto";
import type { Client } from "@temporalio/client";
import { createDb } from "@mailstream/db/client";
import { findContactByUserId } from "@mailstream/db/queries/contacts";
import { findMembershipHistory } from "@mailstream/db/queries/segment-memberships";
import { findSizeHistory } from "@mailstream/db/queries/segments";
import { events } from "@mailstream/db/schema";
import type { SegmentDefinition, SegmentPredicate } from "@mailstream/journey/segment-definition";
import { testEnv } from "@mailstream/testing/test-env";
import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { dispatchBatch } from "../dispatch/dispatch-batch";
import { ingestIdentify, ingestTrack } from "../ingest/ingest";
import { saveComputedTraitDefinition } from "../computed-traits/computed-traits";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { reevaluateSegmentsOnEvent } from "./on-event";
import { createSegment } from "./segments";
import { sweepSegments } from "./sweep";
import { dispatcherTest, quietLog } from "@mailstream/testing/dispatcher-stack";

const { db } = createDb(testEnv().databaseUrl);
const quiet = quietLog;
const taskQueue = `journeys-unpolled-${randomUUID().slice(0, 8)}`;

const one = (p: SegmentPredicate): SegmentDefinition => ({ match: "all", groups: [{ match: "all", predicates: [p] }] });
const dispatch = (temporal: Client, workspaceId: string) =>
  dispatchBatch({ db, temporal, workspaceIds: [workspaceId], taskQueue, log: quiet });

async function history(workspaceId: string, segmentId: string, userId: string) {
  const contact = await findContactByUserId(db, workspaceId, userId);
  if (!contact) return [];
  return findMembershipHistory(db, segmentId, contact.id);
}

describe("segment membership", () => {
  dispatcherTest("records enter, leave and re-enter as history rows on identify", async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const pro = await createSegment(db, workspaceId, {
      name: "Pro",
      definition: one({ type: "trait", path: "plan", op: "eq", value: "pro" }),
    });

    await ingestIdentify(db, workspaceId, { userId: "ada", traits: { plan: "pro" } });
    await dispatch(stack.temporal, workspaceId);
    expect(await history(workspaceId, pro.id, "ada")).toMatchObject([{ leftAt: null }]);

    await ingestIdentify(db, workspaceId, { userId: "ada", traits: { plan: "free" } });
    await dispatch(stack.temporal, workspaceId);
    const [stay] = await history(workspaceId, pro.id, "ada");
    expect(stay?.leftAt).toBeInstanceOf(Date);

    await ingestIdentify(db, workspaceId, { userId: "ada", traits: { plan: "pro" } });
    await dispatch(stack.temporal, workspaceId);
    const rows = await history(workspaceId, pro.id, "ada");
    expect(rows).toHaveLength(2);
    expect(rows[0]?.leftAt).toBeInstanceOf(Date);
    expect(rows[1]?.leftAt).toBeNull();
    expect(rows[1]!.enteredAt.getTime()).toBeGreaterThanOrEqual(rows[0]!.leftAt!.getTime());
  });

  dispatcherTest(
    "evaluates event-history rules on a matching track, and dependants in the same pass",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const viewers = await createSegment(db, workspaceId, {
        name: "Viewers",
        definition: one({
          type: "event_count",
          event: "viewed",
          filters: [{ path: "properties.sku", op: "eq", value: "a" }],
          comparison: "at_least",
          count: 2,
          within: { amount: 1, unit: "days" },
        }),
      });
      const nonBuyers = await createSegment(db, workspaceId, {
        name: "Viewers who never bought",
        definition: {
          match: "all",
          groups: [
            {
              match: "all",
              predicates: [
                { type: "segment", segmentId: viewers.id, isMember: true },
                { type: "not_performed", event: "purchase", filters: [], within: null },
              ],
            },
          ],
        },
      });

      await ingestTrack(db, workspaceId, { userId: "bo", event: "viewed", properties: { sku: "a" } });
      await ingestTrack(db, workspaceId, { userId: "bo", event: "viewed", properties: { sku: "b" } });
      await dispatch(stack.temporal, workspaceId);
      expect(await history(workspaceId, viewers.id, "bo")).toEqual([]);

      await ingestTrack(db, workspaceId, { userId: "bo", event: "viewed", properties: { sku: "a" } });
      await dispatch(stack.temporal, workspaceId);
      expect(await history(workspaceId, viewers.id, "bo")).toMatchObject([{ leftAt: null }]);
      expect(await history(workspaceId, nonBuyers.id, "bo")).toMatchObject([{ leftAt: null }]);

      await ingestTrack(db, workspaceId, { userId: "bo", event: "purchase" });
      await dispatch(stack.temporal, workspaceId);
      expect((await history(workspaceId, nonBuyers.id, "bo"))[0]?.leftAt).toBeInstanceOf(Date);
      expect(await history(workspaceId, viewers.id, "bo")).toMatchObject([{ leftAt: null }]);
    },
  );

  dispatcherTest(
    "records one entry when the same event is dispatched twice (a crash before the claim committed)",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const signedUp = await createSegment(db, workspaceId, {
        name: "Signed up",
        definition: one({
          type: "event_count",
          event: "signed_up",
          filters: [],
          comparison: "at_least",
          count: 1,
          within: { amount: 1, unit: "days" },
        }),
      });
      await ingestTrack(db, workspaceId, { userId: "cy", event: "signed_up", messageId: "m-1" });
      await dispatch(stack.temporal, workspaceId);
      // The retry: the event is undispatched again, and the hook is also called directly.
      await db
        .update(events)
        .set({ dispatchedAt: null })
        .where(and(eq(events.workspaceId, workspaceId), eq(events.messageId, "m-1")));
      expect(await dispatch(stack.temporal, workspaceId)).toMatchObject({ claimed: 1, dispatched: 1 });
      const [event] = await db
        .select()
        .from(events)
        .where(and(eq(events.workspaceId, workspaceId), eq(events.messageId, "m-1")));
      await Promise.all([
        reevaluateSegmentsOnEvent({ db, temporal: stack.temporal, log: quiet }, event!),
        reevaluateSegmentsOnEvent({ db, temporal: stack.temporal, log: quiet }, event!),
      ]);
      expect(await history(workspaceId, signedUp.id, "cy")).toHaveLength(1);
    },
  );

  dispatcherTest(
    "the sweep lets a contact fall out of a time-based segment without any event, and snapshots sizes",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const active = await createSegment(db, workspaceId, {
        name: "Active in the last hour",
        definition: one({
          type: "event_count",
          event: "login",
          filters: [],
          comparison: "at_least",
          count: 1,
          within: { amount: 1, unit: "hours" },
        }),
      });
      await ingestTrack(db, workspaceId, { userId: "di", event: "login" });
      await dispatch(stack.temporal, workspaceId);
      expect(await history(workspaceId, active.id, "di")).toMatchObject([{ leftAt: null }]);

      // The sweep as if run two hours later: the window is over whatever the machine's speed.
      const result = await sweepSegments(
        { db, temporal: stack.temporal, log: quiet },
        { workspaceIds: [workspaceId], now: new Date(Date.now() + 2 * 3_600_000), snapshotIntervalMs: 0 },
      );
      expect(result).toMatchObject({ contacts: 1, entered: 0, left: 1, runsStarted: 0 });
      expect((await history(workspaceId, active.id, "di"))[0]?.leftAt).toBeInstanceOf(Date);
      // One snapshot at creation (nobody yet), one by the sweep after the fall-out.
      expect((await findSizeHistory(db, active.id, new Date(0))).map((point) => point.size)).toEqual([0, 0]);
    },
  );

  dispatcherTest("computed traits: a rule on a computed count follows the events that feed it", async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    await saveComputedTraitDefinition(db, workspaceId, {
      key: "orders",
      kind: "count",
      eventName: "order_completed",
      filters: [],
    });
    const repeat = await createSegment(db, workspaceId, {
      name: "Repeat buyers",
      definition: one({ type: "computed_trait", key: "orders", op: "gt", value: 1 }),
    });
    await expect(
      createSegment(db, workspaceId, {
        name: "Typo",
        definition: one({ type: "computed_trait", key: "ordrs", op: "gt", value: 1 }),
      }),
    ).rejects.toThrow(/computed trait "ordrs" does not exist/);
    await ingestTrack(db, workspaceId, { userId: "fy", event: "order_completed" });
    await dispatch(stack.temporal, workspaceId);
    expect(await history(workspaceId, repeat.id, "fy")).toEqual([]);
    await ingestTrack(db, workspaceId, { userId: "fy", event: "order_completed" });
    await dispatch(stack.temporal, workspaceId);
    expect(await history(workspaceId, repeat.id, "fy")).toMatchObject([{ leftAt: null }]);
  });

  dispatcherTest("the sweep brings in contacts no event announced (never performed X)", async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const never = await createSegment(db, workspaceId, {
      name: "Never bought",
      definition: one({ type: "not_performed", event: "purchase", filters: [], within: null }),
    });
    await ingestTrack(db, workspaceId, { userId: "ed", event: "page_viewed" });
    await dispatch(stack.temporal, workspaceId);
    expect(await history(workspaceId, never.id, "ed")).toEqual([]);
    await sweepSegments({ db, temporal: stack.temporal, log: quiet }, { workspaceIds: [workspaceId] });
    expect(await history(workspaceId, never.id, "ed")).toMatchObject([{ leftAt: null }]);
  });
});
