// The message status ladder against the real Postgres: provider events and tracked opens/clicks
// raise the status; a duplicate, late or out-of-order event never lowers it.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { messages } from "@mailstream/db/schema";
import { findEventsOfMessages } from "@mailstream/db/queries/message-events";
import { createSentMessageFixture, TEST_SECRET } from "@mailstream/testing/tracking-fixtures";
import { testEnv } from "@mailstream/testing/test-env";
import { recordOpen } from "./tracking";
import { applyResendEvent } from "./webhooks-resend";

let db: Db;
beforeAll(() => {
  db = createDb(testEnv().databaseUrl).db;
});

async function statusOf(messageId: string) {
  const [row] = await db.select({ status: messages.status }).from(messages).where(eq(messages.id, messageId));
  return row?.status;
}

function resend(providerMessageId: string, type: string, extra: Record<string, unknown> = {}) {
  return applyResendEvent(db, `msg_${randomUUID()}`, {
    type: `email.${type}`,
    created_at: new Date().toISOString(),
    data: { email_id: providerMessageId, ...extra },
  });
}

describe("message status from events", () => {
  it("moves sent → delivered → opened → clicked, and a late delivered or sent changes nothing", async () => {
    const { messageId, providerMessageId, workspaceId } = await createSentMessageFixture(db);
    expect(await statusOf(messageId)).toBe("sent");
    await resend(providerMessageId, "delivered");
    expect(await statusOf(messageId)).toBe("delivered");
    await resend(providerMessageId, "clicked", { click: { link: "https://shop.example.test/" } });
    expect(await statusOf(messageId)).toBe("clicked");
    // Out of order: the open and the delivery Resend sends after the click.
    await resend(providerMessageId, "opened");
    await resend(providerMessageId, "delivered");
    await resend(providerMessageId, "sent");
    expect(await statusOf(messageId)).toBe("clicked");
    const events = (await findEventsOfMessages(db, workspaceId, [messageId])).get(messageId);
    expect(events?.map((event) => event.type)).toEqual(["sent", "delivered", "clicked", "opened", "delivered"]);
  });

  it("a duplicate webhook records once; a bounce outranks an open; a transient bounce changes nothing", async () => {
    const bounced = await createSentMessageFixture(db);
    const svixId = `msg_${randomUUID()}`;
    const event = { type: "email.delivered", data: { email_id: bounced.providerMessageId } };
    expect(await applyResendEvent(db, svixId, event)).toBe("recorded");
    expect(await applyResendEvent(db, svixId, event)).toBe("duplicate");
    await resend(bounced.providerMessageId, "bounced", { bounce: { type: "Transient" } });
    expect(await statusOf(bounced.messageId)).toBe("delivered");
    await resend(bounced.providerMessageId, "bounced", { bounce: { type: "Permanent" } });
    await recordOpen(db, TEST_SECRET, bounced.openToken);
    expect(await statusOf(bounced.messageId)).toBe("bounced");
    await resend(bounced.providerMessageId, "complained");
    expect(await statusOf(bounced.messageId)).toBe("complained");
  });

  it("a tracked open raises a sent message; a message that failed stays failed", async () => {
    const opened = await createSentMessageFixture(db);
    expect(await recordOpen(db, TEST_SECRET, opened.openToken)).toBe(true);
    expect(await statusOf(opened.messageId)).toBe("opened");
    await db.update(messages).set({ status: "failed" }).where(eq(messages.id, opened.messageId));
    await resend(opened.providerMessageId, "delivered");
    expect(await statusOf(opened.messageId)).toBe("failed");
  });
});
