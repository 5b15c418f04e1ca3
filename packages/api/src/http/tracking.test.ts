// The open pixel and click redirect against the real Postgres: events recorded from genuine
// tokens, no redirect for anything tampered.
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { listMessageEvents } from "@mailstream/db/queries/message-events";
import { updateWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import { signTrackingToken } from "@mailstream/emails/tracking/token";
import { testEnv } from "@mailstream/testing/test-env";
import { handleClickRedirect, handleOpenPixel } from "./tracking";
import { recordOpen } from "@mailstream/core/tracking/tracking";
import {
  createSentMessageFixture,
  OFFER_URL,
  TEST_PUBLIC_URL,
  TEST_SECRET,
} from "@mailstream/testing/tracking-fixtures";

let db: Db;
beforeAll(() => {
  db = createDb(testEnv().databaseUrl).db;
});
const deps = () => ({ db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });

describe("open pixel and click redirect", () => {
  it("records opens once per minute and returns an uncached GIF", async () => {
    const { openToken, messageId } = await createSentMessageFixture(db);
    const res = await handleOpenPixel(deps(), openToken);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/gif");
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 6)
        .toString("latin1"),
    ).toBe("GIF89a");
    await handleOpenPixel(deps(), openToken); // same minute: a reload, not a second open
    await recordOpen(db, TEST_SECRET, openToken, new Date(Date.now() + 5 * 60_000));
    const opens = (await listMessageEvents(db, messageId)).filter((event) => event.type === "opened");
    expect(opens).toHaveLength(2);
  });

  it("redirects to the original URL and records the click", async () => {
    const { clickToken, messageId } = await createSentMessageFixture(db);
    const res = await handleClickRedirect(deps(), clickToken);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(OFFER_URL);
    const clicks = (await listMessageEvents(db, messageId)).filter((event) => event.type === "clicked");
    expect(clicks.map((event) => event.data)).toEqual([{ url: OFFER_URL, source: "redirect" }]);
  });

  it("never redirects to a host nobody approved: a genuine token for another host, or one since removed from the list", async () => {
    const { messageId, clickToken, workspaceId } = await createSentMessageFixture(db);
    const elsewhere = signTrackingToken(TEST_SECRET, { kind: "click", messageId, url: "https://evil.test/phish" });
    const lookAlike = signTrackingToken(TEST_SECRET, {
      kind: "click",
      messageId,
      url: "https://shop.example.test.evil.test/",
    });
    for (const token of [elsewhere, lookAlike]) {
      const res = await handleClickRedirect(deps(), token);
      expect(res.status).toBe(403);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toMatch(/not approved/);
    }
    const own = signTrackingToken(TEST_SECRET, { kind: "click", messageId, url: `${TEST_PUBLIC_URL}/welcome` });
    expect((await handleClickRedirect(deps(), own)).headers.get("location")).toBe(`${TEST_PUBLIC_URL}/welcome`);
    await updateWorkspaceSettings(db, workspaceId, { linkDomains: [] });
    expect((await handleClickRedirect(deps(), clickToken)).status).toBe(403);
    const clicked = (await listMessageEvents(db, messageId)).filter((event) => event.type === "clicked");
    expect(clicked.map((event) => event.data)).toEqual([{ url: `${TEST_PUBLIC_URL}/welcome`, source: "redirect" }]);
  });

  it("answers 404, never a redirect, for tampered or foreign tokens", async () => {
    const { clickToken, openToken, messageId } = await createSentMessageFixture(db);
    const forged = signTrackingToken("some-other-secret-0123456789", {
      kind: "click",
      messageId,
      url: "https://evil.test/",
    });
    for (const bad of [forged, `${clickToken}x`, "nonsense", openToken]) {
      const res = await handleClickRedirect(deps(), bad);
      expect(res.status).toBe(404);
      expect(res.headers.get("location")).toBeNull();
    }
    const notHttp = signTrackingToken(TEST_SECRET, { kind: "click", messageId, url: "javascript:alert(1)" });
    expect((await handleClickRedirect(deps(), notHttp)).status).toBe(404);
    expect((await handleOpenPixel(deps(), clickToken)).status).toBe(404);
    expect((await handleOpenPixel({ db, secret: undefined, publicUrl: TEST_PUBLIC_URL }, openToken)).status).toBe(503);
    expect((await listMessageEvents(db, messageId)).map((event) => event.type)).toEqual(["sent"]);
  });
});
