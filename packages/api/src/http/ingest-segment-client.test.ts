// The official @segment/analytics-node client pointed at the real ingest handlers over HTTP
// (host = our server, path /v1/batch): track, identify, batches, duplicate messageIds,
// a bad key surfaced as an error; and the failure cases over raw HTTP.
import { Analytics } from "@segment/analytics-node";
import { createDb } from "@mailstream/db/client";
import { findRecentEvents } from "@mailstream/db/queries/events";
import { testEnv } from "@mailstream/testing/test-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspaceWithKeys, type WorkspaceFixture } from "@mailstream/testing/workspace-fixtures";
import { startIngestServer, type IngestServer } from "./ingest-node-server";

const { db } = createDb(testEnv().databaseUrl);
let server: IngestServer;
let ws: WorkspaceFixture;

beforeAll(async () => {
  server = await startIngestServer(db);
  ws = await createWorkspaceWithKeys(db);
});
afterAll(() => server.close());

const segment = (writeKey: string) =>
  new Analytics({ writeKey, host: server.url, path: "/v1/batch", maxRetries: 0, flushAt: 10, flushInterval: 50 });

describe("@segment/analytics-node against Mailstream", () => {
  it("delivers track, identify, page, alias and group in batches; a repeated messageId is stored once", async () => {
    const other = await createWorkspaceWithKeys(db);
    const analytics = segment(other.writeKey);
    const errors: unknown[] = [];
    analytics.on("error", (error) => errors.push(error));
    analytics.identify({ userId: "seg-1", traits: { email: "seg-1@mailstream.test", first_name: "Ada" } });
    analytics.track({ userId: "seg-1", event: "signed_up", properties: { plan: "pro" }, messageId: "seg-dup" });
    analytics.track({ userId: "seg-1", event: "signed_up", properties: { plan: "pro" }, messageId: "seg-dup" });
    analytics.page({ anonymousId: "seg-anon", name: "Home" });
    analytics.alias({ userId: "seg-1", previousId: "seg-anon" });
    analytics.group({ userId: "seg-1", groupId: "acme", traits: { name: "Acme" } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);
    const stored = await findRecentEvents(db, other.workspaceId, { limit: 50 });
    expect(stored.map((event) => event.type).sort()).toEqual(["alias", "group", "identify", "page", "track"]);
    expect(stored.find((event) => event.type === "track")).toMatchObject({
      event: "signed_up",
      properties: { plan: "pro" },
      context: { library: { name: "@segment/analytics-node" } },
    });
  });

  it("surfaces a bad write key as an error event and stores nothing", async () => {
    const analytics = segment("ms_wk_notakey");
    const errors: { code?: string; reason?: unknown }[] = [];
    analytics.on("error", (error) => errors.push(error as { code?: string }));
    analytics.track({ userId: "seg-bad", event: "x" });
    await analytics.closeAndFlush({ timeout: 10_000 });
    // analytics-node reports the HTTP status it got as `[<status>] <reason phrase>`.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "delivery_failure" });
    expect((errors[0]?.reason as Error).message).toBe("[401] Unauthorized");
    const direct = await fetch(`${server.url}/v1/batch`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from("ms_wk_notakey:").toString("base64")}` },
      body: "{}",
    });
    expect(direct.status).toBe(401);
    expect(await direct.json()).toEqual({ success: false, error: "Unknown or revoked API key." });
  });
});

describe("failure cases over HTTP", () => {
  const post = (path: string, body: string, key = ws.writeKey) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    });

  it("413 over 32 KB per event and 500 KB per batch, 400 listing indexes, 400 for invalid JSON, CORS preflight", async () => {
    const tooBigEvent = await post(
      "/v1/track",
      JSON.stringify({ userId: "u", event: "e", properties: { x: "y".repeat(40_000) } }),
    );
    expect(tooBigEvent.status).toBe(413);
    const tooBigBatch = await post(
      "/v1/batch",
      JSON.stringify({ batch: [{ type: "track", userId: "u", event: "e", properties: { x: "y".repeat(600_000) } }] }),
    );
    expect(tooBigBatch.status).toBe(413);
    expect(await tooBigBatch.text()).toContain("500 KB");
    const bad = await post(
      "/api/v1/batch",
      JSON.stringify({ batch: [{ type: "track", userId: "u", event: "ok" }, { type: "identify" }] }),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      "batch.1.userId",
      "batch.1.anonymousId",
    ]);
    const invalid = await post("/v1/identify", "{oops");
    expect(invalid.status).toBe(400);
    const preflight = await fetch(`${server.url}/v1/batch`, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
  });
});
