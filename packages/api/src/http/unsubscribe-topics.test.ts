// Preference page with subscription topics against the real Postgres: the page lists the
// workspace's topics with the contact's state, one-click on a topic email leaves only that
// topic, the page's save chooses topics, "unsubscribe from all" suppresses, resubscribe lifts it.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { listMessageEvents } from "@mailstream/db/queries/message-events";
import { createTopic, listContactSubscriptions } from "@mailstream/db/queries/subscription-topics";
import { findSuppression, suppressAddress } from "@mailstream/db/queries/suppressions";
import { contacts, messages, workspaces } from "@mailstream/db/schema";
import { and, eq } from "drizzle-orm";
import { buildTrackingUrls, signTrackingToken } from "@mailstream/emails/tracking/token";
import { testEnv } from "@mailstream/testing/test-env";
import { handleUnsubscribePage, handleUnsubscribePost } from "./unsubscribe";
import { TEST_PUBLIC_URL, TEST_SECRET } from "@mailstream/testing/tracking-fixtures";

let db: Db;
beforeAll(() => {
  db = createDb(testEnv().databaseUrl).db;
});
const deps = () => ({ db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });

/** A workspace with two topics and a contact who got an "Offers" email. */
async function setUp(issued: { at?: Date; legacy?: boolean } = {}) {
  const slug = `pref-${randomUUID().slice(0, 12)}`;
  const [ws] = await db.insert(workspaces).values({ name: slug, slug }).returning({ id: workspaces.id });
  const workspaceId = ws?.id as string;
  const email = `${slug}@mailstream.test`;
  const [contact] = await db
    .insert(contacts)
    .values({ workspaceId, userId: slug, email })
    .returning({ id: contacts.id });
  const contactId = contact?.id as string;
  const offers = await createTopic(db, workspaceId, {
    name: "Offers",
    description: "Deals <weekly>",
    defaultMode: "opt_out",
  });
  const news = await createTopic(db, workspaceId, { name: "Product news", description: "", defaultMode: "opt_out" });
  const messageId = randomUUID();
  await db.insert(messages).values({
    id: messageId,
    workspaceId,
    contactId,
    idempotencyKey: `pref:${messageId}`,
    toAddress: email,
    fromAddress: "Test <test@mailstream.test>",
    subject: "Deal",
    html: "<p>Deal</p>",
    text: "Deal",
    transport: "outbox",
    status: "sent",
  });
  const token = issued.legacy
    ? signTrackingToken(TEST_SECRET, { kind: "unsubscribe", messageId, topicId: offers.id })
    : (buildTrackingUrls(TEST_PUBLIC_URL, TEST_SECRET, messageId, offers.id, issued.at).unsubscribe.split(
        "/unsubscribe/",
      )[1] as string);
  const state = async () =>
    Object.fromEntries(
      (await listContactSubscriptions(db, workspaceId, contactId)).map((topic) => [topic.name, topic.isSubscribed]),
    );
  return { workspaceId, contactId, email, offers, news, messageId, token, state };
}

function post(token: string, fields: [string, string][]): Request {
  return new Request(`https://ms.test/unsubscribe/${token}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("preference page with topics", () => {
  it("lists topics; RFC 8058 one-click leaves only the email's topic (idempotent)", async () => {
    const { workspaceId, email, offers, messageId, token, state } = await setUp();
    const html = await (await handleUnsubscribePage(deps(), token)).text();
    expect(html).toContain("Offers");
    expect(html).toContain("Deals &lt;weekly&gt;");
    expect(html).toContain(`value="${offers.id}" checked`);

    for (let i = 0; i < 2; i++) {
      const res = await handleUnsubscribePost(post(token, [["List-Unsubscribe", "One-Click"]]), deps(), token);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("You will no longer receive &quot;Offers&quot; emails.");
    }
    expect(await state()).toEqual({ Offers: false, "Product news": true });
    expect(await findSuppression(db, workspaceId, email)).toBeNull();
    const events = await listMessageEvents(db, messageId);
    expect(events.map((event) => [event.type, event.data.scope])).toEqual([["unsubscribed", "topic"]]);
  });

  it("saves the chosen topics, unsubscribes from all, and resubscribes", async () => {
    const { workspaceId, email, news, token, state } = await setUp();
    const saved = await handleUnsubscribePost(
      post(token, [
        ["action", "save"],
        ["topic", news.id],
      ]),
      deps(),
      token,
    );
    expect(await saved.text()).toContain("Your preferences are saved.");
    expect(await state()).toEqual({ Offers: false, "Product news": true });

    const all = await handleUnsubscribePost(post(token, [["action", "all"]]), deps(), token);
    const allHtml = await all.text();
    expect(allHtml).toContain("You are unsubscribed");
    expect(allHtml).toContain("Resubscribe"); // the recipient's own choice, theirs to undo
    expect(await findSuppression(db, workspaceId, email)).toMatchObject({ reason: "unsubscribed" });

    await handleUnsubscribePost(
      post(token, [
        ["action", "save"],
        ["topic", news.id],
      ]),
      deps(),
      token,
    );
    expect(await findSuppression(db, workspaceId, email)).toBeNull();
    expect(await (await handleUnsubscribePage(deps(), token)).text()).toContain("Email preferences");
  });

  it("never lifts a bounce, explains it instead of offering Resubscribe, and rejects an unknown action", async () => {
    const { workspaceId, email, token } = await setUp();
    await suppressAddress(db, { workspaceId, email, reason: "bounced" });
    const page = await (await handleUnsubscribePage(deps(), token)).text();
    expect(page).toContain("Emails to this address are stopped");
    expect(page).toContain("An email to this address bounced");
    expect(page).not.toContain("Resubscribe");
    expect(page).not.toContain("Unsubscribe from all");
    await handleUnsubscribePost(post(token, [["action", "save"]]), deps(), token);
    expect(await findSuppression(db, workspaceId, email)).toMatchObject({ reason: "bounced" });
    // "Unsubscribe from all" on a complained address keeps the complaint and says so.
    const other = await setUp();
    await suppressAddress(db, { workspaceId: other.workspaceId, email: other.email, reason: "complained" });
    const all = await (await handleUnsubscribePost(post(other.token, [["action", "all"]]), deps(), other.token)).text();
    expect(all).toContain("reported as spam");
    expect(await findSuppression(db, other.workspaceId, other.email)).toMatchObject({ reason: "complained" });
    expect((await handleUnsubscribePost(post(token, [["action", "nope"]]), deps(), token)).status).toBe(400);
  });
});

describe("token age: leaving works forever, coming back needs a link from the last 30 days", () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  const save = (token: string, topicIds: string[]) =>
    handleUnsubscribePost(
      post(token, [["action", "save"], ...topicIds.map((id): [string, string] => ["topic", id])]),
      deps(),
      token,
    );

  it("an old token (legacy, or issued 31 days ago) unsubscribes and leaves topics but re-subscribes nothing", async () => {
    for (const issued of [{ legacy: true }, { at: new Date(Date.now() - 31 * DAY_MS) }]) {
      const { workspaceId, email, offers, news, token, state } = await setUp(issued);
      // Leaving a topic: the safe direction, allowed.
      expect(await (await save(token, [offers.id])).text()).toContain("Your preferences are saved.");
      expect(await state()).toEqual({ Offers: true, "Product news": false });
      // Turning a topic back on: refused, nothing changed, a fresh link offered.
      const again = await (await save(token, [offers.id, news.id])).text();
      expect(again).toContain("Nothing was changed.");
      expect(again).toContain('value="send_link"');
      expect(await state()).toEqual({ Offers: true, "Product news": false });
      // One-click and "unsubscribe from all" still work; Resubscribe is replaced by the link offer.
      expect(
        (await handleUnsubscribePost(post(token, [["List-Unsubscribe", "One-Click"]]), deps(), token)).status,
      ).toBe(200);
      const all = await (await handleUnsubscribePost(post(token, [["action", "all"]]), deps(), token)).text();
      expect(all).toContain("You are unsubscribed");
      expect(all).toContain("Email me a link to resubscribe");
      expect(all).not.toContain(">Resubscribe<");
      await save(token, []);
      expect(await findSuppression(db, workspaceId, email)).toMatchObject({ reason: "unsubscribed" });
    }
  });

  it("a token issued 29 days ago re-subscribes", async () => {
    const { workspaceId, email, offers, news, token, state } = await setUp({ at: new Date(Date.now() - 29 * DAY_MS) });
    await handleUnsubscribePost(post(token, [["action", "all"]]), deps(), token);
    expect(await (await save(token, [offers.id, news.id])).text()).toContain("Your preferences are saved.");
    expect(await findSuppression(db, workspaceId, email)).toBeNull();
    expect(await state()).toEqual({ Offers: true, "Product news": true });
  });

  it("mails a fresh link to the address once an hour, and that link re-subscribes", async () => {
    const { workspaceId, email, offers, token, state } = await setUp({ legacy: true });
    await handleUnsubscribePost(post(token, [["action", "all"]]), deps(), token);
    const sent = await handleUnsubscribePost(post(token, [["action", "send_link"]]), deps(), token);
    expect(await sent.text()).toContain('data-result="sent"');
    const again = await handleUnsubscribePost(post(token, [["action", "send_link"]]), deps(), token);
    expect(await again.text()).toContain('data-result="already_sent"');
    const mailed = await db
      .select()
      .from(messages)
      .where(and(eq(messages.workspaceId, workspaceId), eq(messages.subject, "Your email preferences link")));
    expect(mailed).toHaveLength(1);
    expect(mailed[0]).toMatchObject({ toAddress: email, status: "sent", journeyId: null, templateId: null });
    const fresh = /\/unsubscribe\/([\w-]+\.[\w-]+)/.exec(mailed[0]?.text ?? "")?.[1] as string;
    expect(await (await save(fresh, [offers.id])).text()).toContain("Your preferences are saved.");
    expect(await findSuppression(db, workspaceId, email)).toBeNull();
    expect(await state()).toEqual({ Offers: true, "Product news": false });
  });
});
