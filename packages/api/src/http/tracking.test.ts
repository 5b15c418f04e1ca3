// The open pixel and click redirect against the real Postgres: events recorded from genuine
// tokens, no redirect for anything tampered.
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { listMessageEvents } from "@mailstream/db/queries/message-events";
import { signTrackingToken } from "@mailstream/emails/tracking/token";
import { testEnv } from "@mailstream/testing/test-env";
import { handleClickRedirect, handleOpenPixel } from "./tracking";
import { recordOpen } from "@mailstream/core/tracking/tracking";
import { createSentMessageFixture, OFFER_URL, TEST_SECRET } from "@mailstream/testing/tracking-fixtures";

let db: Db;
beforeAll(() => {
  db = createDb(testEnv().databaseUrl).db;
});
const deps = () => ({ db, secret: TEST_SECRET });

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
    expect((await handleOpenPixel({ db, secret: undefined }, openToken)).status).toBe(503);
    expect((await listMessageEvents(db, messageId)).map((event) => event.type)).toEqual(["sent"]);
  });
});
