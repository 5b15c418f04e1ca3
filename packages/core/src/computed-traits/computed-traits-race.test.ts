// Seq order is not commit order: a seq is taken when the row is inserted, the row becomes
// visible when its transaction commits. These tests hold an insert open on a second, real
// connection while a higher-seq event commits and a definition is rebuilt (or the later event
// is dispatched), then commit it — the held event must still be counted, exactly once. A seq
// watermark (`last_seq`, the rebuild's max(seq)) skipped it forever.
import { findContactProfileByUserId } from "@mailstream/db/queries/contacts-read";
import { events } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { and, eq } from "drizzle-orm";
import pg from "pg";
import { describe, expect } from "vitest";
import { saveComputedTraitDefinition, ZComputedTraitInputSchema } from "./computed-traits";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { applyDispatchEffects } from "../dispatch/dispatch-effects";
import { ingestTrack } from "../ingest/ingest";
import { dispatcherTest } from "@mailstream/testing/dispatcher-stack";
import { createDb } from "@mailstream/db/client";

const { db } = createDb(testEnv().databaseUrl);

/** Opens a transaction on its own connection and inserts an order event in it, uncommitted. */
async function holdOrderInsert(workspaceId: string, userId: string, messageId: string, total: number) {
  const client = new pg.Client({ connectionString: testEnv().databaseUrl });
  await client.connect();
  await client.query("begin");
  const { rows } = await client.query<{ seq: string }>(
    `insert into events (workspace_id, message_id, type, user_id, event, properties, timestamp)
     values ($1, $2, 'track', $3, 'order_completed', $4::jsonb, now()) returning seq`,
    [workspaceId, messageId, userId, JSON.stringify({ total })],
  );
  return {
    seq: Number(rows[0]!.seq),
    commit: async () => {
      await client.query("commit");
      await client.end();
    },
  };
}

const computedOf = async (workspaceId: string, userId: string) =>
  (await findContactProfileByUserId(db, workspaceId, userId))?.computedTraits;

describe("computed traits under out-of-order commits", () => {
  dispatcherTest(
    "counts an event whose insert was still open while a definition was rebuilt from history",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      await ingestTrack(db, workspaceId, { userId: "ada", event: "order_completed", properties: { total: 1 } });
      await stack.dispatchAll(workspaceId);

      const held = await holdOrderInsert(workspaceId, "ada", "held-1", 10);
      // A later event commits with a higher seq while the first is still open.
      await ingestTrack(db, workspaceId, {
        userId: "ada",
        event: "order_completed",
        properties: { total: 100 },
        messageId: "later-1",
      });
      const [later] = await db
        .select()
        .from(events)
        .where(and(eq(events.workspaceId, workspaceId), eq(events.messageId, "later-1")));
      expect(later!.seq).toBeGreaterThan(held.seq);
      // The rebuild reads history now: it sees the first and the later event, not the held one.
      const define = (input: object) =>
        saveComputedTraitDefinition(db, workspaceId, ZComputedTraitInputSchema.parse(input));
      await define({ key: "orders", kind: "count", eventName: "order_completed" });
      await define({ key: "revenue", kind: "sum", eventName: "order_completed", property: "total" });
      expect(await computedOf(workspaceId, "ada")).toEqual({ orders: 2, revenue: 101 });

      await held.commit();
      await stack.dispatchAll(workspaceId);
      expect(await computedOf(workspaceId, "ada")).toEqual({ orders: 3, revenue: 111 });

      // A replay of every event (a crash before the claims committed) changes nothing.
      for (const event of await db.select().from(events).where(eq(events.workspaceId, workspaceId)))
        await applyDispatchEffects(db, event);
      expect(await computedOf(workspaceId, "ada")).toEqual({ orders: 3, revenue: 111 });
    },
  );

  dispatcherTest(
    "counts a contact's event that commits after its later event was already dispatched",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      await saveComputedTraitDefinition(
        db,
        workspaceId,
        ZComputedTraitInputSchema.parse({ key: "orders", kind: "count", eventName: "order_completed" }),
      );
      await ingestTrack(db, workspaceId, { userId: "bo", event: "order_completed", properties: { total: 1 } });
      await stack.dispatchAll(workspaceId);

      const held = await holdOrderInsert(workspaceId, "bo", "held-2", 5);
      await ingestTrack(db, workspaceId, { userId: "bo", event: "order_completed", properties: { total: 2 } });
      await stack.dispatchAll(workspaceId); // dispatches the later event; the held one is invisible
      expect(await computedOf(workspaceId, "bo")).toEqual({ orders: 2 });

      await held.commit();
      await stack.dispatchAll(workspaceId);
      expect(await computedOf(workspaceId, "bo")).toEqual({ orders: 3 });
      // Replaying the late event (dispatcher crashed before its claim committed) does not count it twice.
      const [late] = await db
        .select()
        .from(events)
        .where(and(eq(events.workspaceId, workspaceId), eq(events.messageId, "held-2")));
      await applyDispatchEffects(db, late!);
      expect(await computedOf(workspaceId, "bo")).toEqual({ orders: 3 });
    },
  );
});
