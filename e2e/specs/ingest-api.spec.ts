// The Segment-compatible ingest API served by the real Next app (`next start` of the
// production build): the official @segment/analytics-node client with only its host changed,
// plain HTTP on both the root `/v1/*` routes and `/api/v1/*`, duplicates stored once, a bad
// key answered 401 with its exact body, bad input named, and the CORS preflight. What got
// stored is read back through the contacts read API with the secret key.
import { Analytics } from "@segment/analytics-node";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { randomSuffix, writeKey } from "../helpers/ingest";

const baseURL = () => {
  const url = process.env.MAILSTREAM_E2E_BASE_URL;
  if (!url) throw new Error("MAILSTREAM_E2E_BASE_URL is not set; the e2e global setup provides it");
  return url;
};
const secretKey = () => process.env.MAILSTREAM_SECRET_KEY ?? "";
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`;

type StoredEvent = {
  messageId: string;
  type: string;
  event: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
};

/** The contact's stored events, once the dispatcher has created the contact and `count` arrived. */
async function storedEvents(request: APIRequestContext, userId: string, count: number): Promise<StoredEvent[]> {
  let events: StoredEvent[] = [];
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/v1/contacts/${encodeURIComponent(userId)}/events?limit=100`, {
          headers: { authorization: `Bearer ${secretKey()}` },
        });
        events = res.status() === 200 ? ((await res.json()) as { data: StoredEvent[] }).data : [];
        return events.length;
      },
      { timeout: 30_000, message: `events of ${userId}` },
    )
    .toBeGreaterThanOrEqual(count);
  return events;
}

test.describe("ingest API on the running app", () => {
  test("@segment/analytics-node with only its host changed: track, identify, page, batch; a repeated messageId is stored once", async ({
    request,
  }) => {
    const userId = `seg-e2e-${randomSuffix()}`;
    const analytics = new Analytics({
      writeKey: writeKey(),
      host: baseURL(),
      flushAt: 3,
      flushInterval: 100,
      maxRetries: 0,
    });
    const errors: unknown[] = [];
    analytics.on("error", (error) => errors.push(error));
    const messageId = `dup-${randomSuffix()}`;
    analytics.identify({ userId, traits: { email: `${userId}@mailstream.test`, first_name: "Ada" } });
    analytics.track({ userId, event: "order_completed", properties: { total: 42 }, messageId });
    analytics.track({ userId, event: "order_completed", properties: { total: 42 }, messageId });
    analytics.page({ userId, name: "Pricing" });
    await analytics.closeAndFlush({ timeout: 15_000 });
    expect(errors).toEqual([]);

    const events = await storedEvents(request, userId, 3);
    expect(events.map((e) => e.type).sort()).toEqual(["identify", "page", "track"]);
    expect(events.filter((e) => e.messageId === messageId)).toHaveLength(1);
    expect(events.find((e) => e.type === "track")).toMatchObject({
      event: "order_completed",
      properties: { total: 42 },
    });
    expect(events.find((e) => e.type === "page")).toMatchObject({ event: "Pricing" });
  });

  test("a bad write key: analytics-node reports the failure, and plain HTTP gets 401 with the exact body on /v1 and /api/v1", async ({
    request,
  }) => {
    const analytics = new Analytics({ writeKey: "ms_wk_not_a_key", host: baseURL(), flushAt: 1, maxRetries: 0 });
    const errors: { code?: string; reason?: unknown }[] = [];
    analytics.on("error", (error) => errors.push(error as { code?: string }));
    analytics.track({ userId: "nobody", event: "x" });
    await analytics.closeAndFlush({ timeout: 15_000 });
    // analytics-node reports the HTTP status it got as `[<status>] <reason phrase>`.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "delivery_failure" });
    expect((errors[0]?.reason as Error).message).toBe("[401] Unauthorized");

    for (const path of ["/v1/track", "/api/v1/track", "/v1/batch", "/api/v1/batch"]) {
      const body = path.endsWith("batch")
        ? { batch: [{ type: "track", userId: "nobody", event: "x" }] }
        : { userId: "nobody", event: "x" };
      const res = await request.post(path, { headers: { authorization: basic("ms_wk_not_a_key") }, data: body });
      expect(res.status(), path).toBe(401);
      expect(await res.json(), path).toEqual({ success: false, error: "Unknown or revoked API key." });
      expect(res.headers()["www-authenticate"], path).toBe('Basic realm="mailstream", charset="UTF-8"');
    }
    const missing = await request.post("/v1/track", { data: { userId: "nobody", event: "x" } });
    expect(missing.status()).toBe(401);
    expect(await missing.json()).toEqual({
      success: false,
      error:
        "Missing API key: send your write key as the HTTP Basic user name or as `Authorization: Bearer <write key>`.",
    });
  });

  test("plain HTTP on root and /api routes: every call accepted, bad input named, limits, CORS", async ({
    request,
  }) => {
    const userId = `http-e2e-${randomSuffix()}`;
    const auth = { authorization: basic(writeKey()) };
    const calls: [string, Record<string, unknown>][] = [
      ["/v1/identify", { userId, traits: { plan: "pro" } }],
      ["/api/v1/track", { userId, event: "signed_up" }],
      ["/v1/screen", { userId, name: "Home" }],
      ["/api/v1/group", { userId, groupId: "acme" }],
      [
        "/v1/batch",
        {
          batch: [
            { type: "track", userId, event: "from_batch" },
            { type: "page", userId, name: "Docs" },
          ],
        },
      ],
    ];
    for (const [path, data] of calls) {
      const res = await request.post(path, { headers: auth, data });
      expect(res.status(), path).toBe(200);
      expect(await res.json(), path).toEqual({ success: true });
    }
    // The writeKey in the body (analytics.js) authenticates a batch without a header.
    const bodyKey = await request.post("/api/v1/batch", {
      data: { writeKey: writeKey(), batch: [{ type: "track", userId, event: "body_key" }] },
    });
    expect(bodyKey.status()).toBe(200);
    const events = await storedEvents(request, userId, 7);
    expect(events.map((e) => e.event ?? e.type).sort()).toEqual([
      "Docs",
      "Home",
      "body_key",
      "from_batch",
      "group",
      "identify",
      "signed_up",
    ]);

    const bad = await request.post("/api/v1/batch", {
      headers: auth,
      data: { batch: [{ type: "track", userId, event: "ok" }, { type: "identify" }] },
    });
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      "batch.1.userId",
      "batch.1.anonymousId",
    ]);
    const tooBig = await request.post("/v1/track", {
      headers: auth,
      data: { userId, event: "big", properties: { blob: "x".repeat(40_000) } },
    });
    expect(tooBig.status()).toBe(413);
    expect(((await tooBig.json()) as { error: string }).error).toContain("32 KB");
    const preflight = await request.fetch("/v1/batch", { method: "OPTIONS" });
    expect(preflight.status()).toBe(204);
    expect(preflight.headers()["access-control-allow-origin"]).toBe("*");
    // Nothing of the refused requests was stored.
    expect((await storedEvents(request, userId, 7)).some((e) => e.event === "ok" || e.event === "big")).toBe(false);
  });
});
