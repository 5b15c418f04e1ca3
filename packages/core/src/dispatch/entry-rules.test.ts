// Entry rules: the pure workflow-id/key decision, and the dispatcher applying re-entry
// policies, cooldowns and entry keys against the real database and Temporal dev server
// (runs go to an unpolled queue, so they stay active until the test ends them).
import { randomUUID } from "node:crypto";
import type { Client } from "@temporalio/client";
import { createDb } from "@mailstream/db/client";
import { ensureContact } from "@mailstream/db/queries/contacts";
import { insertEventOnce } from "@mailstream/db/queries/events";
import { countEntrySkips, enterJourneyRun } from "@mailstream/db/queries/journeys-live";
import { insertJourney, insertPublishedVersion } from "@mailstream/db/queries/journeys";
import { events, journeyEntrySkips, journeyRuns } from "@mailstream/db/schema";
import { compileGraph } from "@mailstream/journey/compile";
import type { Plan } from "@mailstream/journey/plan";
import { testEnv } from "@mailstream/testing/test-env";
import { journeyWorkflowId } from "@mailstream/temporal-contracts";
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import { buildLinearGraph, createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { dispatchBatch } from "./dispatch-batch";
import { planEntry, readEntryKey } from "./entry-rules";
import { dispatcherTest, quietLog } from "@mailstream/testing/dispatcher-stack";

const { db } = createDb(testEnv().databaseUrl);
const taskQueue = `journeys-entry-${randomUUID().slice(0, 8)}`;
const quiet = quietLog;

/**
 * A live journey whose plan carries these entry rules (set on the compiled plan, as the compiler emits them).
 * Its runs' workflows are terminated once the current test has finished.
 */
async function liveJourneyWithRules(temporal: Client, workspaceId: string, rules: Partial<Plan["trigger"]>) {
  const graph = buildLinearGraph("added_to_cart", [{ kind: "wait", seconds: 3600 }, { kind: "exit" }]);
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error("test graph does not compile");
  const plan: Plan = { ...compiled.plan, trigger: { ...compiled.plan.trigger, ...rules } };
  const journey = await insertJourney(db, { workspaceId, name: "Cart", draft: graph });
  const version = await insertPublishedVersion(db, { workspaceId, journeyId: journey.id, graph, plan });
  onTestFinished(async () => {
    const runs = await db
      .select({ workflowId: journeyRuns.workflowId })
      .from(journeyRuns)
      .where(eq(journeyRuns.journeyId, journey.id));
    await Promise.allSettled(runs.map((run) => temporal.workflow.getHandle(run.workflowId).terminate("test finished")));
  });
  return { journeyId: journey.id, versionId: version!.id };
}

/** Stores a track event as ingest would (ingest itself is tested elsewhere). */
async function ingestTrack(
  _db: unknown,
  workspaceId: string,
  input: { userId: string; event: string; properties?: Record<string, unknown>; messageId?: string },
) {
  await insertEventOnce(db, {
    workspaceId,
    messageId: input.messageId ?? randomUUID(),
    type: "track",
    userId: input.userId,
    event: input.event,
    properties: input.properties ?? {},
    timestamp: new Date(),
  });
}

function dispatch(temporal: Client, workspaceId: string) {
  return dispatchBatch({ db, temporal, workspaceIds: [workspaceId], taskQueue, log: quiet });
}

async function runsOf(journeyId: string) {
  return db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journeyId)).orderBy(asc(journeyRuns.startedAt));
}

async function skipsOf(journeyId: string) {
  return db.select().from(journeyEntrySkips).where(eq(journeyEntrySkips.journeyId, journeyId));
}

/** Ends a run as the workflow would: row finished, workflow gone. */
async function finish(temporal: Client, run: { id: string; workflowId: string }) {
  await db.update(journeyRuns).set({ status: "completed", endedAt: new Date() }).where(eq(journeyRuns.id, run.id));
  await temporal.workflow.getHandle(run.workflowId).terminate("finished by the test");
}

describe("planEntry", () => {
  const base = { journeyId: "j", contactId: "c", eventId: "e1" };
  const trigger: Plan["trigger"] = { nodeId: "trigger", event: "added_to_cart", filters: [] };

  it("keys every_time and once_at_a_time entries by event, once entries by contact and key", () => {
    const subject = { properties: { cart_id: "cart-7" } };
    expect(planEntry({ ...base, trigger, subject })).toEqual({
      ok: true,
      entry: { workflowId: journeyWorkflowId("j", "c", "e1"), reentry: "every_time", cooldownMs: null, entryKey: null },
    });
    expect(
      planEntry({
        ...base,
        trigger: { ...trigger, reentry: "once_at_a_time", entryKey: "properties.cart_id" },
        subject,
      }),
    ).toMatchObject({ entry: { workflowId: "journey:j:c:e1", entryKey: "cart-7" } });
    expect(planEntry({ ...base, trigger: { ...trigger, reentry: "once" }, subject })).toMatchObject({
      entry: { workflowId: "journey:j:c:once" },
    });
    expect(
      planEntry({
        ...base,
        trigger: { ...trigger, reentry: "once", entryKey: "properties.cart_id", cooldownMs: 5000 },
        subject,
      }),
    ).toMatchObject({
      entry: { workflowId: "journey:j:c:once:cart-7", cooldownMs: 5000 },
    });
  });

  it("hashes keys that would make an odd workflow id, and reports a missing key", () => {
    const once = { ...trigger, reentry: "once" as const, entryKey: "properties.cart_id" };
    const odd = planEntry({ ...base, trigger: once, subject: { properties: { cart_id: "a:b c".repeat(30) } } });
    expect(odd.ok && odd.entry.workflowId).toMatch(/^journey:j:c:once:sha256-[0-9a-f]{32}$/);
    expect(planEntry({ ...base, trigger: once, subject: { properties: {} } })).toEqual({
      ok: false,
      reason: "missing_entry_key",
    });
  });

  it("reads strings, numbers and booleans as keys; empty, null and objects are missing", () => {
    expect(readEntryKey({ properties: { id: 42 } }, "properties.id")).toBe("42");
    expect(readEntryKey({ properties: { id: true } }, "properties.id")).toBe("true");
    for (const id of ["", null, { nested: 1 }, [1], Number.NaN])
      expect(readEntryKey({ properties: { id } }, "properties.id")).toBeNull();
  });
});

describe("entry rules in the dispatcher", () => {
  dispatcherTest(
    "once: a contact enters at most once, and the same event dispatched twice starts one run",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const { journeyId } = await liveJourneyWithRules(stack.temporal, workspaceId, { reentry: "once" });
      await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart", messageId: "first" });
      expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(1);
      // A crash before the claim committed: the same event comes round again.
      await db.update(events).set({ dispatchedAt: null }).where(eq(events.workspaceId, workspaceId));
      await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart", messageId: "second" });
      expect(await dispatch(stack.temporal, workspaceId)).toEqual({ claimed: 2, dispatched: 2, runsStarted: 0 });
      await ingestTrack(db, workspaceId, { userId: "bob", event: "added_to_cart" });
      expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(1);

      const runs = await runsOf(journeyId);
      expect(runs.map((run) => run.workflowId)).toEqual([
        journeyWorkflowId(journeyId, runs[0]!.contactId, "once"),
        journeyWorkflowId(journeyId, runs[1]!.contactId, "once"),
      ]);
      expect((await skipsOf(journeyId)).map((skip) => skip.reason)).toEqual(["once"]);
      // Still "once" after the first run ended.
      await finish(stack.temporal, runs[0]!);
      await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart" });
      expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(0);
      expect(await countEntrySkips(db, journeyId)).toEqual([{ reason: "once", count: 2 }]);
    },
  );

  dispatcherTest(
    "once per entry key: one run per cart; an event without a cart id is skipped with its reason",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const { journeyId } = await liveJourneyWithRules(stack.temporal, workspaceId, {
        reentry: "once",
        entryKey: "properties.cart_id",
      });
      for (const cart of ["A", "A", "B"])
        await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart", properties: { cart_id: cart } });
      await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart", properties: {} });
      expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(2);
      expect((await runsOf(journeyId)).map((run) => run.entryKey).sort()).toEqual(["A", "B"]);
      expect((await skipsOf(journeyId)).map((skip) => [skip.reason, skip.entryKey]).sort()).toEqual([
        ["missing_entry_key", null],
        ["once", "A"],
      ]);
    },
  );

  dispatcherTest(
    "once at a time: not while the contact's run for that key is active, again once it ended",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const { journeyId } = await liveJourneyWithRules(stack.temporal, workspaceId, {
        reentry: "once_at_a_time",
        entryKey: "properties.cart_id",
      });
      await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart", properties: { cart_id: "A" } });
      await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart", properties: { cart_id: "A" } });
      await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart", properties: { cart_id: "B" } });
      expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(2);
      const [first] = await runsOf(journeyId);
      await finish(stack.temporal, first!);
      await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart", properties: { cart_id: "A" } });
      expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(1);
      expect((await runsOf(journeyId)).map((run) => [run.entryKey, run.status])).toEqual([
        ["A", "completed"],
        ["B", "active"],
        ["A", "active"],
      ]);
      expect(await countEntrySkips(db, journeyId)).toEqual([{ reason: "once_at_a_time", count: 1 }]);
    },
  );

  dispatcherTest("cooldown: no entry within the cooldown of the contact's last entry", async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const { journeyId } = await liveJourneyWithRules(stack.temporal, workspaceId, { cooldownMs: 60_000 });
    await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart" });
    await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart" });
    await ingestTrack(db, workspaceId, { userId: "bob", event: "added_to_cart" });
    expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(2);
    // Two minutes later (moved back in time rather than waited for).
    await db
      .update(journeyRuns)
      .set({ startedAt: sql`now() - interval '2 minutes'` })
      .where(eq(journeyRuns.journeyId, journeyId));
    await ingestTrack(db, workspaceId, { userId: "ada", event: "added_to_cart" });
    expect((await dispatch(stack.temporal, workspaceId)).runsStarted).toBe(1);
    expect(await runsOf(journeyId)).toHaveLength(3);
    expect(await countEntrySkips(db, journeyId)).toEqual([{ reason: "cooldown", count: 1 }]);
  });

  dispatcherTest(
    "concurrent entries of one contact: exactly one gets in under once_at_a_time and under once",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const contact = await ensureContact(db, { workspaceId, userId: "racer", email: null, timezone: null });
      for (const reentry of ["once_at_a_time", "once"] as const) {
        const { journeyId, versionId } = await liveJourneyWithRules(stack.temporal, workspaceId, { reentry });
        const attempts = Array.from({ length: 6 }, () => {
          const eventId = randomUUID();
          const workflowId = journeyWorkflowId(journeyId, contact.id, reentry === "once" ? "once" : eventId);
          return enterJourneyRun(db, {
            workspaceId,
            journeyId,
            versionId,
            contactId: contact.id,
            workflowId,
            triggerEventId: eventId,
            entryKey: null,
            reentry,
            cooldownMs: null,
          });
        });
        const outcomes = await Promise.all(attempts);
        expect(outcomes.filter((outcome) => outcome.entered)).toHaveLength(1);
        expect(await runsOf(journeyId)).toHaveLength(1);
      }
    },
  );
});
