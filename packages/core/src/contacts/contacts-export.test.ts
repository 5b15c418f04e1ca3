// The GDPR export document against the real database: besides profile, events and messages
// it carries every segment stay (entered/left), the state per subscription topic, and every
// device (anonymousId) the contact owns — with events of all of them.
import { randomUUID } from "node:crypto";
import { findContactByUserId } from "@mailstream/db/queries/contacts";
import { createTopic, setContactSubscription } from "@mailstream/db/queries/subscription-topics";
import type { SegmentDefinition } from "@mailstream/journey/segment-definition";
import { describe, expect } from "vitest";
import { dispatchBatch } from "../dispatch/dispatch-batch";
import { ingestBatch } from "../ingest/ingest-batch";
import { createSegment } from "../segments/segments";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { exportContact } from "./contacts";
import { dispatcherTest, quietLog, type DispatcherStack } from "@mailstream/testing/dispatcher-stack";
import { createDb } from "@mailstream/db/client";
import { testEnv } from "@mailstream/testing/test-env";

const { db } = createDb(testEnv().databaseUrl);
const quiet = quietLog;

async function send(stack: DispatcherStack, workspaceId: string, batch: Record<string, unknown>[]) {
  await ingestBatch(db, workspaceId, { batch: batch.map((event) => ({ messageId: randomUUID(), ...event })) });
  await dispatchBatch({ db, temporal: stack.temporal, workspaceIds: [workspaceId], log: quiet });
}

describe("contact export", () => {
  dispatcherTest(
    "includes segment membership history, per-topic subscriptions and every owned device",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const pro: SegmentDefinition = {
        match: "all",
        groups: [{ match: "all", predicates: [{ type: "trait", path: "plan", op: "eq", value: "pro" }] }],
      };
      const segment = await createSegment(db, workspaceId, { name: "Pro", definition: pro });
      const news = await createTopic(db, workspaceId, { name: "News", description: "", defaultMode: "opt_out" });
      const offers = await createTopic(db, workspaceId, { name: "Offers", description: "", defaultMode: "opt_in" });

      await send(stack, workspaceId, [{ type: "track", anonymousId: "phone", event: "viewed" }]);
      await send(stack, workspaceId, [
        { type: "identify", userId: "exp-1", anonymousId: "phone", traits: { plan: "pro" } },
      ]);
      await send(stack, workspaceId, [
        { type: "identify", userId: "exp-1", anonymousId: "laptop", traits: { plan: "free" } },
      ]);
      await send(stack, workspaceId, [{ type: "page", anonymousId: "laptop", name: "Home" }]);
      const contact = await findContactByUserId(db, workspaceId, "exp-1");
      await setContactSubscription(db, {
        workspaceId,
        contactId: contact!.id,
        topicId: news.id,
        isSubscribed: false,
        source: "preference_page",
      });

      const document = await exportContact(db, workspaceId, contact!.id);
      expect(document.segmentMemberships).toMatchObject([
        { segmentId: segment.id, segmentName: "Pro", leftAt: expect.any(Date) },
      ]);
      expect(document.topics).toMatchObject([
        { topicId: news.id, name: "News", isSubscribed: false, isDefault: false },
        { topicId: offers.id, name: "Offers", isSubscribed: false, isDefault: true },
      ]);
      expect(document.anonymousIds.map((row) => row.anonymousId).sort()).toEqual(["laptop", "phone"]);
      expect(document.events.map((event) => event.type).sort()).toEqual(["identify", "identify", "page", "track"]);
    },
  );
});
