// Identity in the dispatcher against the real database: anonymous contacts, track
// context.traits reaching the contact, and merges by alias and by identify with both ids.
import { randomUUID } from "node:crypto";
import { createDb } from "@mailstream/db/client";
import { findContactByUserId } from "@mailstream/db/queries/contacts";
import { contactMerges, contacts, events } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { ingestBatch } from "../ingest/ingest-batch";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { dispatchBatch } from "./dispatch-batch";
import { dispatcherTest, quietLog, type DispatcherStack } from "@mailstream/testing/dispatcher-stack";

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
}
const contactsOf = (workspaceId: string) => db.select().from(contacts).where(eq(contacts.workspaceId, workspaceId));

describe("identity", () => {
  dispatcherTest(
    "keeps an anonymous contact, then merges it into the known one on alias (known values win)",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      await send(stack, workspaceId, [
        { type: "track", anonymousId: "anon-1", event: "viewed", context: { traits: { plan: "free", color: "red" } } },
      ]);
      expect(await contactsOf(workspaceId)).toMatchObject([
        { userId: null, anonymousId: "anon-1", traits: { plan: "free", color: "red" } },
      ]);

      await send(stack, workspaceId, [
        { type: "identify", userId: "u-1", traits: { plan: "pro", email: "u-1@mailstream.test" } },
      ]);
      await send(stack, workspaceId, [{ type: "alias", userId: "u-1", previousId: "anon-1", messageId: "alias-1" }]);
      const all = await contactsOf(workspaceId);
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({
        userId: "u-1",
        anonymousId: "anon-1",
        email: "u-1@mailstream.test",
        traits: { plan: "pro", color: "red" },
      });
      const history = await db
        .select()
        .from(events)
        .where(and(eq(events.workspaceId, workspaceId), eq(events.anonymousId, "anon-1")));
      expect(history.map((event) => event.userId)).toEqual(["u-1"]);
      const merges = await db.select().from(contactMerges).where(eq(contactMerges.workspaceId, workspaceId));
      expect(merges).toMatchObject([
        { anonymousId: "anon-1", userId: "u-1", messageId: "alias-1", traitsAdopted: { color: "red" } },
      ]);

      // Later anonymous-only events of that device land on the known contact.
      await send(stack, workspaceId, [
        { type: "page", anonymousId: "anon-1", name: "Home", context: { traits: { shoe: 42 } } },
      ]);
      expect(await contactsOf(workspaceId)).toMatchObject([{ userId: "u-1", traits: { shoe: 42 } }]);
    },
  );

  dispatcherTest(
    "merges on an identify carrying both ids; a track's context.traits reach the contact",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      await send(stack, workspaceId, [{ type: "identify", anonymousId: "anon-2", traits: { first_name: "Anon" } }]);
      await send(stack, workspaceId, [
        { type: "identify", anonymousId: "anon-2", userId: "u-2", traits: { email: "u-2@mailstream.test" } },
      ]);
      await send(stack, workspaceId, [
        { type: "track", userId: "u-2", event: "signed_up", context: { traits: { first_name: "Ada" } } },
      ]);
      const all = await contactsOf(workspaceId);
      expect(all).toHaveLength(1);
      expect(await findContactByUserId(db, workspaceId, "u-2")).toMatchObject({
        anonymousId: "anon-2",
        traits: { first_name: "Ada", email: "u-2@mailstream.test" },
      });
    },
  );
});
