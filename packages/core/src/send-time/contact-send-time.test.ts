// Best send times on the real database, over seeded opens and clicks: the contact's own hour in
// their zone across a DST change, an email re-opened many times counting once, the workspace's
// hour for a contact without enough history, nothing at all in a quiet workspace, and a contact
// of another workspace refused.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, messageEvents, messages, subscriptionTopics } from "@mailstream/db/schema";
import { dailyAt, seedEngagements } from "@mailstream/testing/engagement-fixtures";
import { testDb } from "@mailstream/testing/test-db";
import { createContactFixture, createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import { findAudienceSendHours, findWorkspaceBestHour } from "./contact-best-hour";
import { readContactSendTime } from "./contact-send-time";

const db = testDb();
// A fixed "now" a few weeks after Europe's 2026 autumn DST change (25 October).
const NOW = Date.parse("2026-11-10T12:00:00Z");
const at = (iso: string) => new Date(iso);

async function zonedContact(workspaceId: string, timezone: string | null) {
  const { contactId } = await createContactFixture(db, workspaceId);
  await db.update(contacts).set({ timezone }).where(eq(contacts.id, contactId));
  return contactId;
}

describe("best send time", () => {
  it("reads the contact's own hour in their zone, across DST, counting each email's opens once", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const contactId = await zonedContact(workspaceId, "Europe/Paris");
    // 08:xx in Paris: 06:xx UTC before the change, 07:xx after.
    await seedEngagements(db, {
      workspaceId,
      contactId,
      engagements: [
        { kind: "opened", at: at("2026-10-20T06:15:00Z") },
        { kind: "clicked", at: at("2026-10-22T06:40:00Z") },
        { kind: "opened", at: at("2026-11-03T07:05:00Z") },
        { kind: "opened", at: at("2026-11-05T07:30:00Z") },
      ],
    });
    // One email opened again and again at 20:00 Paris: one open, not five.
    const [message] = await db
      .insert(messages)
      .values({
        workspaceId,
        contactId,
        idempotencyKey: `reopened-${randomUUID()}`,
        toAddress: "x@mailstream.test",
        fromAddress: "Test <test@mailstream.test>",
        subject: "s",
        html: "<p>h</p>",
        text: "h",
        transport: "outbox",
        status: "opened",
      })
      .returning({ id: messages.id });
    await db.insert(messageEvents).values(
      [0, 1, 2, 3, 4].map((n) => ({
        workspaceId,
        messageId: message?.id as string,
        type: "opened" as const,
        dedupeKey: `reopen-${randomUUID()}`,
        occurredAt: at(`2026-11-0${n + 1}T19:0${n}:00Z`),
      })),
    );

    const best = await readContactSendTime(db, workspaceId, contactId, NOW);
    expect(best).toMatchObject({ timeZone: "Europe/Paris", hour: 8, source: "contact", opens: 4, clicks: 1 });
    expect(best.histogram[8]).toBe(4);
    expect(best.histogram[20]).toBe(1);
    expect(best.nextAt).toBe("2026-11-11T07:00:00.000Z");
  });

  it("falls back to the workspace's hour, then to nothing", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const regular = await zonedContact(workspaceId, "Asia/Kolkata");
    await seedEngagements(db, { workspaceId, contactId: regular, engagements: dailyAt(NOW, 12, 20) }); // 17:40 Kolkata
    const newcomer = await zonedContact(workspaceId, "Asia/Tokyo");
    await seedEngagements(db, { workspaceId, contactId: newcomer, engagements: dailyAt(NOW, 1, 2, "clicked") });

    const best = await readContactSendTime(db, workspaceId, newcomer, NOW);
    expect(best).toMatchObject({ timeZone: "Asia/Tokyo", hour: 17, source: "workspace", opens: 0, clicks: 2 });
    expect(best.histogram[10]).toBe(2); // 01:10 UTC is 10:10 in Tokyo
    expect((await findWorkspaceBestHour(db, { workspaceId, now: NOW, fresh: true })).hour).toBe(17);

    const quiet = await createWorkspaceFixture(db);
    const stranger = await zonedContact(quiet.workspaceId, null);
    expect(await readContactSendTime(db, quiet.workspaceId, stranger, NOW)).toMatchObject({
      timeZone: "UTC",
      hour: null,
      source: "fallback",
      nextAt: null,
    });
    await expect(readContactSendTime(db, quiet.workspaceId, regular, NOW)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("reads a broadcast audience's engaged members in one pass", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const engaged = await zonedContact(workspaceId, "UTC");
    const thin = await zonedContact(workspaceId, "UTC");
    await seedEngagements(db, { workspaceId, contactId: engaged, engagements: dailyAt(NOW, 9, 3, "clicked") });
    await seedEngagements(db, { workspaceId, contactId: thin, engagements: dailyAt(NOW, 15, 1) });
    // An opt-out topic: every contact of the workspace is in its audience.
    const [topic] = await db
      .insert(subscriptionTopics)
      .values({ workspaceId, name: "News", defaultMode: "opt_out" })
      .returning({ id: subscriptionTopics.id });
    const hours = await findAudienceSendHours(db, {
      audience: { workspaceId, segmentId: null, topicId: topic?.id ?? null },
      now: NOW,
    });
    expect([...hours.byContact]).toEqual([[engaged, 9]]);
    expect(hours.otherwise).toBeNull(); // 4 engagements are too few for a workspace habit
  });
});
