// A broadcast page's sent marks (markMessagesSent) against the real Postgres: the queued rows
// move to `sent` once, and only they get events. An event a provider may report too (Resend's
// `email.sent`) claims its dedupe key, so the webhook's copy merges with ours; events only the
// hand-off writes (the outbox's `sent` and `delivered`) are let through once by the move itself.
import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findEventsOfMessages } from "@mailstream/db/queries/message-events";
import { insertMessagesOnce, markMessagesSent, type SentMessage } from "@mailstream/db/queries/messages-batch";
import { messages } from "@mailstream/db/schema";
import { testDb } from "@mailstream/testing/test-db";
import { createTemplateFixture, createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { applyResendEvent } from "./webhooks-resend";

const db = testDb();

/** Three queued messages of a fresh workspace: [outbox, resend, failed-before-the-mark]. */
async function queuedMessages() {
  const { workspaceId } = await createWorkspaceWithKeys(db);
  const templateId = await createTemplateFixture(db, workspaceId, "Sent marks", "Hi");
  const keys = ["outbox", "resend", "failed"].map((name) => `sent-marks:${name}:${randomUUID()}`);
  const stored = await insertMessagesOnce(
    db,
    keys.map((idempotencyKey, i) => ({
      workspaceId,
      templateId,
      idempotencyKey,
      toAddress: `reader-${i}@example.test`,
      fromAddress: "news@mailstream.test",
      subject: "x",
      html: "x",
      text: "x",
      transport: i === 0 ? "outbox" : "resend",
    })),
  );
  const [outbox, resend, failed] = keys.map((key) => stored.get(key)?.id as string) as [string, string, string];
  await db.update(messages).set({ status: "failed", error: "refused" }).where(eq(messages.id, failed));
  return { workspaceId, outbox, resend, failed };
}

async function eventTypes(workspaceId: string, ids: readonly string[]) {
  const events = await findEventsOfMessages(db, workspaceId, ids);
  return ids.map((id) => (events.get(id) ?? []).map((event) => event.type).sort());
}

async function keysOf(ids: readonly string[]) {
  const result = await db.execute<{ dedupe_key: string }>(
    sql`select dedupe_key from message_event_keys where message_id = any(${sql.param([...ids])}::uuid[]) order by 1`,
  );
  return result.rows.map((row) => row.dedupe_key);
}

describe("a page's sent marks", () => {
  it("mark queued rows once, key only what a provider may report, and merge Resend's sent webhook", async () => {
    const { workspaceId, outbox, resend, failed } = await queuedMessages();
    const providerId = `re_${randomUUID()}`;
    const sent: SentMessage[] = [
      { id: outbox, workspaceId, providerMessageId: `outbox:${outbox}`, isDelivered: true },
      { id: resend, workspaceId, providerMessageId: providerId },
      // Not queued any more: the mark must leave it and write no event for it.
      { id: failed, workspaceId, providerMessageId: "never" },
    ];
    await db.transaction((tx) => markMessagesSent(tx, sent));

    const rows = await db
      .select({ id: messages.id, status: messages.status, providerMessageId: messages.providerMessageId })
      .from(messages)
      .where(inArray(messages.id, [outbox, resend, failed]));
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(outbox)).toMatchObject({ status: "sent", providerMessageId: `outbox:${outbox}` });
    expect(byId.get(resend)).toMatchObject({ status: "sent", providerMessageId: providerId });
    expect(byId.get(failed)).toMatchObject({ status: "failed", providerMessageId: null });
    expect(await eventTypes(workspaceId, [outbox, resend, failed])).toEqual([["delivered", "sent"], ["sent"], []]);
    expect(await keysOf([outbox, resend, failed])).toEqual([`${resend}:sent`]);

    // A replayed mark (a retried hand-off's statement) adds nothing, keyed or not.
    await db.transaction((tx) => markMessagesSent(tx, sent));
    expect(await eventTypes(workspaceId, [outbox, resend, failed])).toEqual([["delivered", "sent"], ["sent"], []]);

    // Resend reports the send it was handed: the same `sent`, recorded once; its delivery is new.
    const webhook = (type: string) =>
      applyResendEvent(db, `msg_${randomUUID()}`, { type: `email.${type}`, data: { email_id: providerId } });
    expect(await webhook("sent")).toBe("duplicate");
    expect(await webhook("delivered")).toBe("recorded");
    expect(await eventTypes(workspaceId, [resend])).toEqual([["delivered", "sent"]]);
  });
});
