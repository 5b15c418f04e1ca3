// Unsubscribe by signed token against the real Postgres: the preference page, the RFC 8058
// one-click POST (idempotent), bad bodies and tokens. That a suppression stops the next send
// is covered in temporal's send-email.test.ts (api may not import the activities).
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { listMessageEvents } from "@mailstream/db/queries/message-events";
import { isSuppressed } from "@mailstream/db/queries/messages-send";
import { findSuppression } from "@mailstream/db/queries/suppressions";
import { testEnv } from "@mailstream/testing/test-env";
import { handleUnsubscribePage, handleUnsubscribePost } from "./unsubscribe";
import { createSentMessageFixture, TEST_PUBLIC_URL, TEST_SECRET } from "@mailstream/testing/tracking-fixtures";

let db: Db;
beforeAll(() => {
  db = createDb(testEnv().databaseUrl).db;
});
const deps = () => ({ db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });

function oneClick(token: string, body = "List-Unsubscribe=One-Click"): Request {
  return new Request(`https://ms.test/unsubscribe/${token}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
}

describe("unsubscribe", () => {
  it("one-click POST suppresses the address (what sendEmail checks) and is idempotent", async () => {
    const { unsubscribeToken: token, workspaceId, email, messageId } = await createSentMessageFixture(db);
    const page = await handleUnsubscribePage(deps(), token);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Unsubscribe from all");
    expect(html).not.toContain('name="topic"'); // no contact → no topics to choose
    expect(html).toContain(email);
    expect(await findSuppression(db, workspaceId, email)).toBeNull(); // GET changes nothing

    for (let i = 0; i < 2; i++) {
      const res = await handleUnsubscribePost(oneClick(token), deps(), token);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("You are unsubscribed");
    }
    expect(await findSuppression(db, workspaceId, email)).toMatchObject({ reason: "unsubscribed" });
    expect(await isSuppressed(db, workspaceId, email.toUpperCase())).toBe(true);
    expect((await listMessageEvents(db, messageId)).map((event) => event.type)).toEqual(["sent", "unsubscribed"]);
    expect(await (await handleUnsubscribePage(deps(), token)).text()).toContain("You are unsubscribed");
  });

  it("accepts the multipart body some providers send", async () => {
    const { unsubscribeToken: token, workspaceId, email } = await createSentMessageFixture(db);
    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    const req = new Request(`https://ms.test/unsubscribe/${token}`, { method: "POST", body: form });
    expect((await handleUnsubscribePost(req, deps(), token)).status).toBe(200);
    expect(await isSuppressed(db, workspaceId, email)).toBe(true);
  });

  it("rejects a POST without the RFC 8058 body and a bad token, changing nothing", async () => {
    const { unsubscribeToken: token, workspaceId, email } = await createSentMessageFixture(db);
    expect((await handleUnsubscribePost(oneClick(token, "foo=bar"), deps(), token)).status).toBe(400);
    // A non-canonical signature (padding, here) is as invalid as a tampered one.
    for (const tampered of [`${token.slice(0, -3)}abc`, `${token}=`, `${token}==`]) {
      expect((await handleUnsubscribePost(oneClick(tampered), deps(), tampered)).status).toBe(404);
      expect((await handleUnsubscribePage(deps(), tampered)).status).toBe(404);
    }
    expect(await findSuppression(db, workspaceId, email)).toBeNull();
  });
});
