// The public routes' rate limits against the real Postgres: ingest per API key, tracking per
// token, the unsubscribe page per address — each answers 429 with Retry-After once spent —
// and the unsubscribe and webhook bodies are capped. Small limits with unique names, so no
// other test shares their counts.
import { randomUUID } from "node:crypto";
import { createDb } from "@mailstream/db/client";
import { testEnv } from "@mailstream/testing/test-env";
import { createSentMessageFixture, TEST_PUBLIC_URL, TEST_SECRET } from "@mailstream/testing/tracking-fixtures";
import { basicAuth, createWorkspaceWithKeys, postJson } from "@mailstream/testing/workspace-fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { createEdgeLimits, type EdgeLimits } from "./edge-limits";
import { handleTrack } from "./track";
import { handleClickRedirect, handleOpenPixel } from "./tracking";
import { handleUnsubscribePage, handleUnsubscribePost } from "./unsubscribe";
import { PEER_ADDRESS_HEADER } from "@mailstream/auth/client-address";
import { handleResendWebhook } from "./webhooks-resend";

const { db } = createDb(testEnv().databaseUrl);
let limits: EdgeLimits;

beforeAll(() => {
  const name = (what: string) => `${what}-test-${randomUUID().slice(0, 8)}`;
  limits = createEdgeLimits(db, {
    ingest: { name: name("ingest"), points: 3, durationSeconds: 60, chunk: 1 },
    tracking: { name: name("tracking"), points: 2, durationSeconds: 60, chunk: 1 },
    unsubscribe: { name: name("unsubscribe"), points: 2, durationSeconds: 60, chunk: 1 },
  });
});

async function expect429(res: Response, what: string) {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await res.json()).error).toContain(what);
}

describe("rate limits of the public routes", () => {
  it("ingest: per API key, 429 with Retry-After once spent; another key is unaffected", async () => {
    const a = await createWorkspaceWithKeys(db);
    const b = await createWorkspaceWithKeys(db);
    const track = (key: string) =>
      handleTrack(
        postJson("/v1/track", { userId: "u1", event: "e", messageId: randomUUID() }, { authorization: basicAuth(key) }),
        { db, limits },
      );
    for (let i = 0; i < 3; i++) expect((await track(a.writeKey)).status).toBe(200);
    await expect429(await track(a.writeKey), "ingest per API key allows 3 per 60 s");
    expect((await track(b.writeKey)).status).toBe(200);
    // A key sent in the body (analytics.js) counts the same.
    const inBody = handleTrack(postJson("/v1/track", { writeKey: a.writeKey, userId: "u1", event: "e" }), {
      db,
      limits,
    });
    expect((await inBody).status).toBe(429);
  });

  it("tracking: per token, never per address", async () => {
    const message = await createSentMessageFixture(db);
    const deps = { db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL, limits };
    expect((await handleOpenPixel(deps, message.openToken)).status).toBe(200);
    expect((await handleOpenPixel(deps, message.openToken)).status).toBe(200);
    await expect429(await handleOpenPixel(deps, message.openToken), "tracking per link");
    // The same reader (same address) clicking a link of the same email has its own budget.
    expect((await handleClickRedirect(deps, message.clickToken)).status).toBe(302);
  });

  it("unsubscribe: per address, and its form body is capped at 16 KB", async () => {
    const message = await createSentMessageFixture(db);
    const deps = { db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL, limits };
    const address = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const headers = new Headers({ [PEER_ADDRESS_HEADER]: address });
    const huge = new Request(`https://ms.test/unsubscribe/${message.unsubscribeToken}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", [PEER_ADDRESS_HEADER]: address },
      body: `List-Unsubscribe=One-Click&pad=${"a".repeat(40_000)}`,
    });
    const tooLarge = await handleUnsubscribePost(huge, deps, message.unsubscribeToken);
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error).toContain("(16 KB)");
    expect((await handleUnsubscribePage(deps, message.unsubscribeToken, headers)).status).toBe(200);
    await expect429(
      await handleUnsubscribePage(deps, message.unsubscribeToken, headers),
      "the unsubscribe page per address",
    );
    // An X-Forwarded-For the client wrote does not make a new address (no proxy is trusted).
    const spoofed = new Headers({ [PEER_ADDRESS_HEADER]: address, "x-forwarded-for": "10.9.9.9" });
    expect((await handleUnsubscribePage(deps, message.unsubscribeToken, spoofed)).status).toBe(429);
    const elsewhere = new Headers({ [PEER_ADDRESS_HEADER]: "203.0.113.7" });
    expect((await handleUnsubscribePage(deps, message.unsubscribeToken, elsewhere)).status).toBe(200);
  });

  it("provider webhooks: a body over 256 KB is refused with 413 before its signature is checked", async () => {
    const secret = `whsec_${Buffer.from("resend-webhook-test-secret-32byt").toString("base64")}`;
    const req = new Request("https://ms.test/api/webhooks/resend", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "email.sent", pad: "a".repeat(300 * 1024) }),
    });
    const res = await handleResendWebhook(req, { db, signingSecret: secret });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toContain("(256 KB)");
  });
});
