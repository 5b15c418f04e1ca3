// Resend webhooks against the real Postgres: signed with svix's own signer; wrong signatures,
// stale timestamps and replays change nothing; bounces and complaints suppress.
import { randomUUID } from "node:crypto";
import { Webhook } from "svix";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { listMessageEvents } from "@mailstream/db/queries/message-events";
import { findSuppression } from "@mailstream/db/queries/suppressions";
import { testEnv } from "@mailstream/testing/test-env";
import { handleResendWebhook } from "./webhooks-resend";
import { createSentMessageFixture } from "@mailstream/testing/tracking-fixtures";

const signingSecret = `whsec_${Buffer.from("resend-webhook-test-secret-32byt").toString("base64")}`;
let db: Db;
beforeAll(() => {
  db = createDb(testEnv().databaseUrl).db;
});

function signed(event: unknown, options: { id?: string; at?: Date; secret?: string } = {}): Request {
  const body = JSON.stringify(event);
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.secret ?? signingSecret).sign(id, at, body);
  return new Request("https://ms.test/api/webhooks/resend", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
      "svix-signature": signature,
    },
    body,
  });
}

const post = (req: Request) => handleResendWebhook(req, { db, signingSecret });
const types = async (messageId: string) => (await listMessageEvents(db, messageId)).map((event) => event.type);

describe("POST /api/webhooks/resend", () => {
  it("maps events to message events, merges `sent` with ours, and is idempotent on replay", async () => {
    const { messageId, providerMessageId } = await createSentMessageFixture(db);
    const data = { email_id: providerMessageId, to: ["x@mailstream.test"] };
    expect((await post(signed({ type: "email.sent", data }))).status).toBe(200);
    const delivered = { type: "email.delivered", created_at: new Date().toISOString(), data };
    const id = `msg_${randomUUID()}`;
    expect(await (await post(signed(delivered, { id }))).json()).toEqual({ success: true, result: "recorded" });
    expect(await (await post(signed(delivered, { id }))).json()).toEqual({ success: true, result: "duplicate" });
    await post(signed({ type: "email.opened", data }));
    await post(signed({ type: "email.clicked", data: { ...data, click: { link: "https://shop.example.test/" } } }));
    await post(signed({ type: "email.delivery_delayed", data }));
    expect(await types(messageId)).toEqual(["sent", "delivered", "opened", "clicked", "delivery_delayed"]);
  });

  it("suppresses on a hard bounce and a complaint, not on a transient bounce", async () => {
    const soft = await createSentMessageFixture(db);
    await post(
      signed({ type: "email.bounced", data: { email_id: soft.providerMessageId, bounce: { type: "Transient" } } }),
    );
    expect(await findSuppression(db, soft.workspaceId, soft.email)).toBeNull();
    const hard = await createSentMessageFixture(db);
    await post(
      signed({ type: "email.bounced", data: { email_id: hard.providerMessageId, bounce: { type: "Permanent" } } }),
    );
    expect(await findSuppression(db, hard.workspaceId, hard.email)).toMatchObject({ reason: "bounced" });
    const complaint = await createSentMessageFixture(db);
    await post(signed({ type: "email.complained", data: { email_id: complaint.providerMessageId } }));
    expect(await findSuppression(db, complaint.workspaceId, complaint.email)).toMatchObject({ reason: "complained" });
  });

  it("answers 401 and changes nothing for a wrong secret, a tampered body or a stale timestamp", async () => {
    const { messageId, providerMessageId, workspaceId, email } = await createSentMessageFixture(db);
    const event = { type: "email.complained", data: { email_id: providerMessageId } };
    const wrongSecret = `whsec_${Buffer.from("another-secret-entirely-32-bytes").toString("base64")}`;
    expect((await post(signed(event, { secret: wrongSecret }))).status).toBe(401);
    expect((await post(signed(event, { at: new Date(Date.now() - 10 * 60_000) }))).status).toBe(401);
    const good = signed(event);
    const tampered = new Request(good.url, {
      method: "POST",
      headers: good.headers,
      body: JSON.stringify({ ...event, type: "email.bounced" }),
    });
    expect((await post(tampered)).status).toBe(401);
    const unsigned = new Request(good.url, { method: "POST", body: JSON.stringify(event) });
    expect((await post(unsigned)).status).toBe(401);
    expect(await types(messageId)).toEqual(["sent"]);
    expect(await findSuppression(db, workspaceId, email)).toBeNull();
  });

  it("acknowledges events for unknown messages and unknown types without storing anything", async () => {
    expect(await (await post(signed({ type: "email.delivered", data: { email_id: "not-ours" } }))).json()).toEqual({
      success: true,
      result: "unknown_message",
    });
    expect(await (await post(signed({ type: "contact.created", data: { email_id: "x" } }))).json()).toEqual({
      success: true,
      result: "ignored",
    });
  });
});
