// A poison event against the real database: an event whose contact write always fails (a
// real trigger in this workspace refuses it) is retried a bounded number of times, each
// failure recorded on the row, then parked — and that contact's later event, held back
// behind it meanwhile, goes through. Other contacts never wait and the round never backs off.
import { countParkedEvents, findEventByMessageId } from "@mailstream/db/queries/events";
import { events } from "@mailstream/db/schema";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { checkHealth } from "../health/check-health";
import { ingestTrack } from "../ingest/ingest";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { dispatchBatch } from "./dispatch-batch";
import { isTransientDispatchError, MAX_DISPATCH_ATTEMPTS } from "./poison";
import { dispatcherTest, quietLog } from "@mailstream/testing/dispatcher-stack";
import { createDb } from "@mailstream/db/client";
import { testEnv } from "@mailstream/testing/test-env";

const { db } = createDb(testEnv().databaseUrl);
const quiet = quietLog;

describe("poison events", () => {
  dispatcherTest(
    "retries a failing event a bounded number of times, records why, parks it, and lets the contact's later events through",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const trigger = `poison_${workspaceId.replace(/-/g, "")}`;
      // Refuses any contact write of this workspace carrying the `poison` trait: a data error, every time.
      await db.execute(
        sql.raw(`
      create function ${trigger}() returns trigger language plpgsql as $$
      begin
        if new.workspace_id = '${workspaceId}' and new.traits ? 'poison' then raise exception 'poisoned contact row'; end if;
        return new;
      end $$;
      create trigger ${trigger} before insert or update on contacts for each row execute function ${trigger}();`),
      );
      try {
        await ingestTrack(db, workspaceId, {
          userId: "pz",
          event: "viewed",
          messageId: "bad",
          context: { traits: { poison: true } },
        });
        await ingestTrack(db, workspaceId, { userId: "pz", event: "viewed", messageId: "after" });
        await ingestTrack(db, workspaceId, { userId: "ok", event: "viewed", messageId: "other" });

        const dispatch = () => dispatchBatch({ db, temporal: stack.temporal, workspaceIds: [workspaceId], log: quiet });
        const first = await dispatch();
        expect(first).toMatchObject({ claimed: 3, dispatched: 1, failed: 1, parked: [] });
        expect(first.error).toBeUndefined(); // no back-off: the dispatcher is healthy
        expect((await findEventByMessageId(db, workspaceId, "other"))?.dispatchedAt).toBeInstanceOf(Date);
        const [bad] = await db
          .select()
          .from(events)
          .where(and(eq(events.workspaceId, workspaceId), eq(events.messageId, "bad")));
        expect(bad).toMatchObject({ dispatchAttempts: 1, parkedAt: null, dispatchedAt: null });
        expect(bad?.dispatchError).toMatch(/poisoned contact row/);
        expect((await findEventByMessageId(db, workspaceId, "after"))?.dispatchedAt).toBeNull(); // waits behind it, in order

        for (let attempt = 2; attempt < MAX_DISPATCH_ATTEMPTS; attempt++)
          expect(await dispatch()).toMatchObject({ dispatched: 0, failed: 1, parked: [] });
        const last = await dispatch();
        expect(last).toMatchObject({ failed: 1, parked: [bad!.seq] });
        expect(await countParkedEvents(db, workspaceId)).toBe(1);
        // Visible to operators: GET /api/health counts parked events (of every workspace).
        const health = await checkHealth({ db, temporal: () => Promise.resolve(stack.temporal) });
        expect(health.components.database.parkedEvents).toBeGreaterThanOrEqual(1);

        // Parked: no longer claimed, and the contact's later event proceeds.
        const after = await dispatch();
        expect(after).toMatchObject({ claimed: 1, dispatched: 1 });
        expect(after.failed).toBeUndefined();
        expect((await findEventByMessageId(db, workspaceId, "after"))?.dispatchedAt).toBeInstanceOf(Date);
        const [parked] = await db.select().from(events).where(eq(events.seq, bad!.seq));
        expect(parked).toMatchObject({ dispatchAttempts: MAX_DISPATCH_ATTEMPTS, dispatchedAt: null });
        expect(parked?.parkedAt).toBeInstanceOf(Date);
      } finally {
        await db.execute(
          sql.raw(`drop trigger if exists ${trigger} on contacts; drop function if exists ${trigger}();`),
        );
      }
    },
  );

  dispatcherTest("does not count outages against the event", () => {
    expect(
      isTransientDispatchError(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:7233"), { code: "ECONNREFUSED" }),
      ),
    ).toBe(true);
    expect(
      isTransientDispatchError(
        new Error("wrapped", { cause: Object.assign(new Error("terminating connection"), { code: "57P01" }) }),
      ),
    ).toBe(true);
    expect(isTransientDispatchError(Object.assign(new Error("poisoned contact row"), { code: "P0001" }))).toBe(false);
    expect(isTransientDispatchError(new TypeError("Cannot read properties of undefined"))).toBe(false);
  });
});
