// The erasure/dispatcher race on the real database: an event the dispatcher has claimed when
// an erasure runs must neither block the erasure (it used to wait on the claimed row while
// holding the contact's lock — a deadlock with the dispatcher's own contact upsert) nor bring
// the erased contact back once the dispatcher applies it. Events sent after the erasure are
// new data and create a new contact.
import { eraseContact } from "@mailstream/db/queries/contact-erasure";
import { ensureContact, findContactByUserId } from "@mailstream/db/queries/contacts";
import { claimUndispatchedEvents, markEventsDispatched } from "@mailstream/db/queries/events";
import { events } from "@mailstream/db/schema";
import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { createWorkspaceWithKeys, waitFor } from "@mailstream/testing/workspace-fixtures";
import { applyDispatchEffects } from "../dispatch/dispatch-effects";
import { ingestIdentify, ingestTrack } from "../ingest/ingest";
import { dispatcherTest } from "@mailstream/testing/dispatcher-stack";
import { createDb } from "@mailstream/db/client";
import { testEnv } from "@mailstream/testing/test-env";

const { db } = createDb(testEnv().databaseUrl);

describe("erasure while the dispatcher holds the contact's event", () => {
  dispatcherTest("does not block, and the claimed event cannot resurrect the contact", async ({ stack }) => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    await ingestIdentify(db, workspaceId, { userId: "gone", traits: { email: "gone@example.test" } });
    await stack.dispatchAll(workspaceId);
    const contact = await findContactByUserId(db, workspaceId, "gone");
    await ingestTrack(db, workspaceId, {
      userId: "gone",
      event: "late_click",
      properties: { email: "gone@example.test" },
    });

    let erasing: ReturnType<typeof eraseContact> | undefined;
    await db.transaction(async (tx) => {
      // The dispatcher's round: the event is claimed (row locked) …
      const {
        events: [event],
      } = await claimUndispatchedEvents(tx, { limit: 10, workspaceIds: [workspaceId] });
      expect(event?.event).toBe("late_click");
      // … an erasure runs meanwhile and commits without waiting for the claimed row …
      erasing = eraseContact(db, {
        workspaceId,
        contactId: contact!.id,
        workflowsTerminated: 0,
        requestedByKeyId: null,
        source: "api",
      });
      await waitFor("the erasure to commit", async () => (await findContactByUserId(db, workspaceId, "gone")) === null);
      // … then the round applies the event: the contact upsert recreates the row (the race) …
      await ensureContact(db, { workspaceId, userId: "gone", email: "gone@example.test", timezone: null });
      expect(await findContactByUserId(db, workspaceId, "gone")).not.toBeNull();
      // … and the tombstone check undoes it and stops the event there.
      expect(await applyDispatchEffects(db, event!)).toEqual({ isErased: true });
      await markEventsDispatched(tx, [event!.seq]);
    });
    const result = await erasing!;
    expect(result).toMatchObject({ deleted: true, counts: { events: 2 } });
    expect(await findContactByUserId(db, workspaceId, "gone")).toBeNull();
    expect(
      await db
        .select()
        .from(events)
        .where(and(eq(events.workspaceId, workspaceId), eq(events.userId, "gone"))),
    ).toEqual([]);

    // New data after the erasure is a new contact.
    await ingestTrack(db, workspaceId, { userId: "gone", event: "came_back" });
    await stack.dispatchAll(workspaceId);
    expect(await findContactByUserId(db, workspaceId, "gone")).toMatchObject({ userId: "gone" });
  });
});
