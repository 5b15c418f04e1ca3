// Segment re-evaluation for changes no ingested event carries, against the real database:
// an email open, a hand edit of traits and a brand-new contact queue the contact (database
// triggers) and the running dispatcher loop re-evaluates it at once, with no sweep. Also the
// email_engagement rule over real message events of different ages.
import { randomUUID } from "node:crypto";
import { findContactByUserId } from "@mailstream/db/queries/contacts";
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { findMembershipHistory } from "@mailstream/db/queries/segment-memberships";
import { messages } from "@mailstream/db/schema";
import type { SegmentDefinition, SegmentPredicate } from "@mailstream/journey/segment-definition";
import { testEnv } from "@mailstream/testing/test-env";
import { describe, expect } from "vitest";
import { dispatchBatch } from "../dispatch/dispatch-batch";
import { runDispatcher } from "../dispatch/run-dispatcher";
import { ingestIdentify, ingestTrack } from "../ingest/ingest";
import { editContactTraits } from "../contacts/contacts";
import { createWorkspaceWithKeys, waitFor } from "@mailstream/testing/workspace-fixtures";
import { drainSegmentReevaluations } from "./reevaluation-queue";
import { createSegment } from "./segments";
import { dispatcherTest, quietLog } from "@mailstream/testing/dispatcher-stack";
import { createDb } from "@mailstream/db/client";

const { db } = createDb(testEnv().databaseUrl);
const quiet = quietLog;

const one = (p: SegmentPredicate): SegmentDefinition => ({ match: "all", groups: [{ match: "all", predicates: [p] }] });
const days = (n: number) => new Date(Date.now() - n * 86_400_000);

async function sentMessage(workspaceId: string, contactId: string) {
  const id = randomUUID();
  await db.insert(messages).values({
    id,
    workspaceId,
    contactId,
    idempotencyKey: `test:${id}`,
    toAddress: "x@mailstream.test",
    fromAddress: "t@mailstream.test",
    subject: "News",
    html: "<p>News</p>",
    text: "News",
    transport: "outbox",
    status: "sent",
  });
  return id;
}

async function isMember(segmentId: string, contactId: string): Promise<boolean> {
  const rows = await findMembershipHistory(db, segmentId, contactId);
  return rows.some((row) => row.leftAt === null);
}

describe("segment re-evaluation queue", () => {
  dispatcherTest(
    "the dispatcher loop re-evaluates on an email open, a hand trait edit and a new contact",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const engaged = await createSegment(db, workspaceId, {
        name: "Opened this week",
        definition: one({ type: "email_engagement", action: "opened", within: { amount: 7, unit: "days" } }),
      });
      const vip = await createSegment(db, workspaceId, {
        name: "VIP",
        definition: one({ type: "trait", path: "tier", op: "eq", value: "vip" }),
      });
      const never = await createSegment(db, workspaceId, {
        name: "Never bought",
        definition: one({ type: "not_performed", event: "purchase", filters: [], within: null }),
      });

      const controller = new AbortController();
      const loop = runDispatcher({
        databaseUrl: testEnv().databaseUrl,
        temporal: stack.temporal,
        signal: controller.signal,
        workspaceIds: [workspaceId],
        pollIntervalMs: 200,
        log: quiet,
      });
      try {
        // A new contact, created by an event no rule names, is in "never bought" at once.
        await ingestTrack(db, workspaceId, { userId: "nia", event: "page_viewed" });
        const contact = await waitFor("the contact", () => findContactByUserId(db, workspaceId, "nia"));
        await waitFor("entry into Never bought", () => isMember(never.id, contact.id));

        const messageId = await sentMessage(workspaceId, contact.id);
        expect(await isMember(engaged.id, contact.id)).toBe(false);
        await recordMessageEvent(db, { workspaceId, messageId, type: "opened", dedupeKey: `open:${messageId}` });
        await waitFor("entry into Opened this week after the open", () => isMember(engaged.id, contact.id));

        await editContactTraits(db, workspaceId, contact.id, { tier: "vip" });
        await waitFor("entry into VIP after the hand edit", () => isMember(vip.id, contact.id));
        await editContactTraits(db, workspaceId, contact.id, { tier: "basic" });
        await waitFor("leaving VIP after the second edit", async () => !(await isMember(vip.id, contact.id)));
      } finally {
        controller.abort();
        await loop;
      }
    },
    60_000,
  );

  dispatcherTest(
    "email_engagement counts opens and clicks of the contact's own emails within the window (a click is an open)",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const openedWeek = await createSegment(db, workspaceId, {
        name: "Opened 7d",
        definition: one({ type: "email_engagement", action: "opened", within: { amount: 7, unit: "days" } }),
      });
      const clickedDay = await createSegment(db, workspaceId, {
        name: "Clicked 1d",
        definition: one({ type: "email_engagement", action: "clicked", within: { amount: 1, unit: "days" } }),
      });
      await ingestIdentify(db, workspaceId, { userId: "old", traits: {} });
      await ingestIdentify(db, workspaceId, { userId: "clicker", traits: {} });
      await ingestIdentify(db, workspaceId, { userId: "other", traits: {} });
      await dispatchBatch({ db, temporal: stack.temporal, workspaceIds: [workspaceId], log: quiet });
      const [old, clicker, other] = await Promise.all(
        ["old", "clicker", "other"].map((u) => findContactByUserId(db, workspaceId, u)),
      );

      const oldMessage = await sentMessage(workspaceId, old!.id);
      await recordMessageEvent(db, {
        workspaceId,
        messageId: oldMessage,
        type: "opened",
        dedupeKey: `o:${oldMessage}`,
        occurredAt: days(10),
      });
      const clickMessage = await sentMessage(workspaceId, clicker!.id);
      await recordMessageEvent(db, {
        workspaceId,
        messageId: clickMessage,
        type: "clicked",
        dedupeKey: `c:${clickMessage}`,
        occurredAt: days(2),
      });
      const delivered = await sentMessage(workspaceId, other!.id);
      await recordMessageEvent(db, {
        workspaceId,
        messageId: delivered,
        type: "delivered",
        dedupeKey: `d:${delivered}`,
      });
      while (
        (await drainSegmentReevaluations(
          { db, temporal: stack.temporal, log: quiet },
          { workspaceIds: [workspaceId] },
        )) > 0
      );

      expect(await isMember(openedWeek.id, old!.id)).toBe(false); // 10 days ago: outside 7 days
      expect(await isMember(openedWeek.id, clicker!.id)).toBe(true); // a click 2 days ago counts as an open
      expect(await isMember(clickedDay.id, clicker!.id)).toBe(false); // but not within 1 day
      expect(await isMember(openedWeek.id, other!.id)).toBe(false); // delivered is not engagement
      const fresh = await sentMessage(workspaceId, old!.id);
      await recordMessageEvent(db, { workspaceId, messageId: fresh, type: "clicked", dedupeKey: `c:${fresh}` });
      expect(
        await drainSegmentReevaluations({ db, temporal: stack.temporal, log: quiet }, { workspaceIds: [workspaceId] }),
      ).toBe(1);
      expect(await isMember(openedWeek.id, old!.id)).toBe(true);
      expect(await isMember(clickedDay.id, old!.id)).toBe(true);
    },
  );
});
