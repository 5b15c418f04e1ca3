// Computed traits against the real database and Temporal: values kept current by the
// dispatcher event by event, exactly once across replays, rebuilt from history when a
// definition is created or changed, merged on identify, windowed, and shown on the profile.
import { findComputedTraits } from "@mailstream/db/queries/computed-traits";
import { findContactProfileByUserId } from "@mailstream/db/queries/contacts-read";
import { contactComputedTraits, events } from "@mailstream/db/schema";
import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { saveComputedTraitDefinition, ZComputedTraitInputSchema, type ComputedTraitInput } from "./computed-traits";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { applyDispatchEffects } from "../dispatch/dispatch-effects";
import { ingestIdentify, ingestTrack } from "../ingest/ingest";
import { dispatcherTest } from "@mailstream/testing/dispatcher-stack";
import { createDb } from "@mailstream/db/client";
import { testEnv } from "@mailstream/testing/test-env";

const { db } = createDb(testEnv().databaseUrl);

function define(workspaceId: string, trait: ComputedTraitInput, id?: string) {
  return saveComputedTraitDefinition(db, workspaceId, ZComputedTraitInputSchema.parse(trait), id);
}

async function computedOf(workspaceId: string, userId: string) {
  return (await findContactProfileByUserId(db, workspaceId, userId))?.computedTraits;
}

const order = (userId: string, total: unknown, extra: Record<string, unknown> = {}) => ({
  userId,
  event: "order_completed",
  properties: { total, ...extra },
  ...("timestamp" in extra ? { timestamp: extra.timestamp as string } : {}),
});

describe("computed traits", () => {
  dispatcherTest(
    "keeps count and lifetime value current per event, exactly once across a dispatcher replay",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      await define(workspaceId, { key: "orders", kind: "count", eventName: "order_completed" });
      await define(workspaceId, {
        key: "lifetime_value",
        kind: "sum",
        eventName: "order_completed",
        property: "total",
      });
      await define(workspaceId, {
        key: "big_orders",
        kind: "count",
        eventName: "order_completed",
        filters: [{ path: "properties.total", op: "gt", value: 100 }],
      });

      await ingestTrack(db, workspaceId, order("ada", 40.5));
      await ingestTrack(db, workspaceId, order("ada", "120"));
      await ingestTrack(db, workspaceId, order("ada", "not a number"));
      await ingestTrack(db, workspaceId, { userId: "ada", event: "page_viewed" });
      await stack.dispatchAll(workspaceId);
      expect(await computedOf(workspaceId, "ada")).toEqual({ big_orders: 1, lifetime_value: 160.5, orders: 3 });

      // A crash after the effects but before the claim committed: every event is dispatched again.
      const stored = await db.select().from(events).where(eq(events.workspaceId, workspaceId));
      for (const event of stored) await applyDispatchEffects(db, event);
      await db.update(events).set({ dispatchedAt: null }).where(eq(events.workspaceId, workspaceId));
      await stack.dispatchAll(workspaceId);
      expect(await computedOf(workspaceId, "ada")).toEqual({ big_orders: 1, lifetime_value: 160.5, orders: 3 });

      await ingestTrack(db, workspaceId, order("ada", 10));
      await stack.dispatchAll(workspaceId);
      expect(await computedOf(workspaceId, "ada")).toMatchObject({ lifetime_value: 170.5, orders: 4 });
    },
  );

  dispatcherTest("rebuilds values from history when a definition is created or changed", async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    await ingestTrack(db, workspaceId, order("bo", 5, { plan: "basic", timestamp: "2026-01-02T00:00:00.000Z" }));
    await ingestTrack(db, workspaceId, order("bo", 7, { plan: "pro", timestamp: "2026-03-04T00:00:00.000Z" }));
    await ingestTrack(db, workspaceId, order("cy", 1, { plan: "basic", timestamp: "2026-02-01T00:00:00.000Z" }));
    await stack.dispatchAll(workspaceId);

    const plan = await define(workspaceId, {
      key: "plan",
      kind: "last_value",
      eventName: "order_completed",
      property: "plan",
    });
    await define(workspaceId, { key: "first_order_at", kind: "first_seen", eventName: "order_completed" });
    await define(workspaceId, { key: "last_order_at", kind: "last_seen", eventName: "order_completed" });
    expect(await computedOf(workspaceId, "bo")).toEqual({
      first_order_at: "2026-01-02T00:00:00.000Z",
      last_order_at: "2026-03-04T00:00:00.000Z",
      plan: "pro",
    });
    expect(await computedOf(workspaceId, "cy")).toMatchObject({ plan: "basic" });

    // Changed to "last total of a basic order": cy keeps a value, bo gets the basic one.
    await define(
      workspaceId,
      {
        key: "plan",
        kind: "last_value",
        eventName: "order_completed",
        property: "total",
        filters: [{ path: "properties.plan", op: "eq", value: "basic" }],
      },
      plan.id,
    );
    expect((await computedOf(workspaceId, "bo"))?.plan).toBe(5);
    expect((await computedOf(workspaceId, "cy"))?.plan).toBe(1);
    const [saved] = (await findComputedTraits(db, workspaceId)).filter((d) => d.key === "plan");
    expect(saved!.version).toBeGreaterThan(plan.version);
  });

  dispatcherTest("counts anonymous events into the known contact once identify links them", async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    await define(workspaceId, { key: "views", kind: "count", eventName: "product_viewed" });
    await ingestTrack(db, workspaceId, { anonymousId: "anon-1", event: "product_viewed" });
    await ingestTrack(db, workspaceId, { anonymousId: "anon-1", event: "product_viewed" });
    await ingestTrack(db, workspaceId, { userId: "dee", event: "product_viewed" });
    await stack.dispatchAll(workspaceId);
    expect(await computedOf(workspaceId, "dee")).toEqual({ views: 1 });

    await ingestIdentify(db, workspaceId, {
      userId: "dee",
      anonymousId: "anon-1",
      traits: { email: "dee@example.test" },
    });
    await stack.dispatchAll(workspaceId);
    expect(await computedOf(workspaceId, "dee")).toEqual({ views: 3 });
    await ingestTrack(db, workspaceId, { userId: "dee", event: "product_viewed" });
    await stack.dispatchAll(workspaceId);
    expect(await computedOf(workspaceId, "dee")).toEqual({ views: 4 });
  });

  dispatcherTest("counts only the window's events for a windowed trait", async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    await define(workspaceId, {
      key: "orders_30d",
      kind: "count",
      eventName: "order_completed",
      windowSeconds: 30 * 86_400,
    });
    const old = new Date(Date.now() - 60 * 86_400_000).toISOString();
    await ingestTrack(db, workspaceId, order("eve", 1, { timestamp: old }));
    await ingestTrack(db, workspaceId, order("eve", 2));
    await stack.dispatchAll(workspaceId);
    expect(await computedOf(workspaceId, "eve")).toEqual({ orders_30d: 1 });
    const rows = await db
      .select()
      .from(contactComputedTraits)
      .where(and(eq(contactComputedTraits.workspaceId, workspaceId), eq(contactComputedTraits.key, "orders_30d")));
    expect(rows).toHaveLength(1);
  });

  dispatcherTest("refuses definitions that cannot work, naming the problem", () => {
    const sum = ZComputedTraitInputSchema.safeParse({ key: "ltv", kind: "sum", eventName: "order_completed" });
    expect(sum.success ? [] : sum.error.issues.map((i) => i.message)).toEqual([
      "A sum needs the property to read (e.g. total)",
    ]);
    const window = ZComputedTraitInputSchema.safeParse({
      key: "x",
      kind: "last_seen",
      eventName: "e",
      windowSeconds: 3600,
    });
    expect(window.success).toBe(false);
    expect(ZComputedTraitInputSchema.safeParse({ key: "1bad", kind: "count", eventName: "e" }).success).toBe(false);
  });
});
