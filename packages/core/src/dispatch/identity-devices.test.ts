// A contact seen on several devices, against the real database: every anonymousId it
// absorbed stays its own, so a second device's later anonymous-only events land on it (and
// count in its computed traits) instead of creating a contact nobody merges; and within one
// dispatch batch, anonymous events and the identify that links them run in one lane, in order.
import { randomUUID } from "node:crypto";
import { saveComputedTrait } from "@mailstream/db/queries/computed-traits";
import { findContactProfileByUserId } from "@mailstream/db/queries/contacts-read";
import { contactAnonymousIds, contacts, events } from "@mailstream/db/schema";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect } from "vitest";
import { ingestBatch } from "../ingest/ingest-batch";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { dispatchBatch } from "./dispatch-batch";
import { groupIntoLanes } from "./lanes";
import { dispatcherTest, quietLog, type DispatcherStack } from "@mailstream/testing/dispatcher-stack";
import { createDb } from "@mailstream/db/client";
import { testEnv } from "@mailstream/testing/test-env";

const { db } = createDb(testEnv().databaseUrl);
const quiet = quietLog;

async function send(stack: DispatcherStack, workspaceId: string, batch: Record<string, unknown>[]) {
  await ingestBatch(db, workspaceId, { batch: batch.map((event) => ({ messageId: randomUUID(), ...event })) });
  const result = await dispatchBatch({
    db,
    temporal: stack.temporal,
    workspaceIds: [workspaceId],
    taskQueue: `unpolled-${randomUUID()}`,
    log: quiet,
  });
  expect(result.error).toBeUndefined();
  expect(result.failed).toBeUndefined();
}
const contactsOf = (workspaceId: string) => db.select().from(contacts).where(eq(contacts.workspaceId, workspaceId));
const viewedCount = (workspaceId: string) =>
  saveComputedTrait(db, workspaceId, {
    key: "views",
    kind: "count",
    eventName: "viewed",
    property: null,
    filters: [],
    windowSeconds: null,
  });

describe("a contact with several devices", () => {
  dispatcherTest(
    "keeps every merged anonymousId: a second device's later anonymous events land on the known contact",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      await viewedCount(workspaceId);
      await send(stack, workspaceId, [{ type: "track", anonymousId: "phone", event: "viewed" }]);
      await send(stack, workspaceId, [{ type: "identify", anonymousId: "phone", userId: "u-1", traits: {} }]);
      await send(stack, workspaceId, [{ type: "track", anonymousId: "laptop", event: "viewed" }]);
      await send(stack, workspaceId, [{ type: "identify", anonymousId: "laptop", userId: "u-1", traits: {} }]);
      expect(await contactsOf(workspaceId)).toHaveLength(1);

      // After both merges: anonymous-only events of either device.
      await send(stack, workspaceId, [
        { type: "track", anonymousId: "laptop", event: "viewed", context: { traits: { screen: "13in" } } },
      ]);
      await send(stack, workspaceId, [{ type: "track", anonymousId: "phone", event: "viewed" }]);
      const all = await contactsOf(workspaceId);
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ userId: "u-1", anonymousId: "phone", traits: { screen: "13in" } });
      const owned = await db.select().from(contactAnonymousIds).where(eq(contactAnonymousIds.workspaceId, workspaceId));
      expect(owned.map((row) => row.anonymousId).sort()).toEqual(["laptop", "phone"]);
      // Their history is the known contact's: stored with its userId, counted once each.
      const orphans = await db
        .select()
        .from(events)
        .where(and(eq(events.workspaceId, workspaceId), isNull(events.userId)));
      expect(orphans).toEqual([]);
      expect((await findContactProfileByUserId(db, workspaceId, "u-1"))?.computedTraits).toEqual({ views: 4 });
    },
  );

  dispatcherTest(
    "one batch: anonymous events, the identify linking them, and more anonymous events — one contact, in order",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      await viewedCount(workspaceId);
      await send(stack, workspaceId, [
        { type: "identify", userId: "u-2", anonymousId: "desktop", traits: { plan: "pro" } },
      ]);
      const batch = [
        ...Array.from({ length: 5 }, () => ({ type: "track", anonymousId: "tablet", event: "viewed" })),
        { type: "identify", anonymousId: "tablet", userId: "u-2", traits: {} },
        { type: "track", anonymousId: "tablet", event: "viewed" },
        { type: "track", userId: "someone-else", event: "viewed" },
      ];
      await send(stack, workspaceId, batch);
      const all = await contactsOf(workspaceId);
      expect(all.map((c) => c.userId).sort()).toEqual(["someone-else", "u-2"]);
      expect((await findContactProfileByUserId(db, workspaceId, "u-2"))?.computedTraits).toEqual({ views: 6 });
      // The tablet's events before the identify were held by the round when the merge ran; stored with the userId anyway.
      const orphans = await db
        .select()
        .from(events)
        .where(and(eq(events.workspaceId, workspaceId), isNull(events.userId)));
      expect(orphans).toEqual([]);
    },
  );

  dispatcherTest("lanes join identities an event links, keep seq order, and leave unrelated contacts apart", () => {
    const event = (seq: number, fields: Record<string, unknown>) =>
      ({ seq, workspaceId: "w", type: "track", properties: {}, userId: null, anonymousId: null, ...fields }) as never;
    const lanes = groupIntoLanes([
      event(1, { anonymousId: "a" }),
      event(2, { userId: "x" }),
      event(3, { type: "identify", userId: "u", anonymousId: "a" }),
      event(4, { anonymousId: "a" }),
      event(5, { type: "alias", userId: "v", properties: { previousId: "u" } }),
      event(6, {}),
    ]);
    expect(lanes.map((lane) => lane.map((e: { seq: number }) => e.seq))).toEqual([[1, 3, 4, 5], [2], [6]]);
  });
});
