// The web process's ingest listener over real HTTP: it answers exactly the ingest calls (POST
// and OPTIONS of /v1/<call> and /api/v1/<call>, with or without a query) and hands everything
// else back to the caller (Next.js in the web process) untouched; it answers what the Next
// route answers (status, body, CORS), adds the surface's headers, applies the refusal hook
// before anything is read, and caps the body while reading it.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDb } from "@mailstream/db/client";
import { findRecentEvents } from "@mailstream/db/queries/events";
import { testEnv } from "@mailstream/testing/test-env";
import { basicAuth, createWorkspaceWithKeys, type WorkspaceFixture } from "@mailstream/testing/workspace-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestListener } from "./ingest-listener";

const { db } = createDb(testEnv().databaseUrl);
const FELL_THROUGH = 299;
const SURFACE_HEADERS = { "x-surface": "yes" };
let server: Server;
let base: string;
let ws: WorkspaceFixture;

beforeAll(async () => {
  ws = await createWorkspaceWithKeys(db);
  const serveIngest = createIngestListener({
    deps: () => ({ db }),
    headers: SURFACE_HEADERS,
    // The web process refuses a Host it does not answer for; fetch cannot set Host, so a header stands in.
    refuse: (incoming) =>
      incoming.headers["x-refuse"] === "yes"
        ? Response.json({ success: false, error: "wrong host" }, { status: 421 })
        : null,
  });
  server = createServer((req, res) => {
    if (!serveIngest(req, res)) res.writeHead(FELL_THROUGH).end(`${req.method} ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: basicAuth(ws.writeKey), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("the ingest listener", () => {
  it("stores track and batch calls on both path forms, with a query, answering as the Next route does", async () => {
    const userId = `listener-${Date.now()}`;
    const track = await post("/api/v1/track?from=test", { userId, event: "listened", messageId: `${userId}-t` });
    expect(track.status).toBe(200);
    expect(await track.json()).toEqual({ success: true });
    expect(track.headers.get("access-control-allow-origin")).toBe("*");
    expect(track.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(track.headers.get("x-surface")).toBe("yes");
    const batch = await post("/v1/batch", { batch: [{ type: "identify", userId, traits: { plan: "pro" } }] });
    expect(batch.status).toBe(200);
    const stored = await findRecentEvents(db, ws.workspaceId, { limit: 20 });
    expect(
      stored
        .filter((event) => event.userId === userId)
        .map((event) => event.type)
        .sort(),
    ).toEqual(["identify", "track"]);
  });

  it("answers the CORS preflight of every call", async () => {
    for (const path of ["/v1/track", "/api/v1/batch", "/api/v1/alias"]) {
      const res = await fetch(`${base}${path}`, { method: "OPTIONS" });
      expect(res.status, path).toBe(204);
      expect(res.headers.get("access-control-allow-methods"), path).toBe("POST, OPTIONS");
      expect(res.headers.get("x-surface"), path).toBe("yes");
    }
  });

  it("leaves other methods, other paths and a trailing slash to the caller", async () => {
    const cases: [string, string][] = [
      ["GET", "/api/v1/track"],
      ["HEAD", "/v1/batch"],
      ["POST", "/api/v1/track/"],
      ["POST", "/api/v1/tracks"],
      ["POST", "/api/v1/contacts/someone"],
      ["POST", "/v1/constructor"],
      ["POST", "/api/v2/track"],
      ["POST", "/x/api/v1/track"],
    ];
    for (const [method, path] of cases) {
      const res = await fetch(`${base}${path}`, { method, ...(method === "POST" ? { body: "{}" } : {}) });
      expect(res.status, `${method} ${path}`).toBe(FELL_THROUGH);
    }
  });

  it("answers a bad key 401 with the documented body and challenge, and bad JSON 400", async () => {
    const badKey = await post("/v1/track", { userId: "u", event: "e" }, { authorization: basicAuth("ms_wk_nope") });
    expect(badKey.status).toBe(401);
    expect(await badKey.json()).toEqual({ success: false, error: "Unknown or revoked API key." });
    expect(badKey.headers.get("www-authenticate")).toBe('Basic realm="mailstream", charset="UTF-8"');
    const badJson = await post("/v1/track", "{not json");
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).errors[0].message).toMatch(/^The request body is not valid JSON/);
  });

  it("refuses through the hook before the handler runs", async () => {
    const userId = `refused-${Date.now()}`;
    const res = await post("/v1/track", { userId, event: "e" }, { "x-refuse": "yes" });
    expect(res.status).toBe(421);
    expect(await res.json()).toEqual({ success: false, error: "wrong host" });
    expect(res.headers.get("x-surface")).toBe("yes");
    const stored = await findRecentEvents(db, ws.workspaceId, { limit: 50 });
    expect(stored.some((event) => event.userId === userId)).toBe(false);
  });

  it("caps the body: a declared length over the limit unread, a streamed one at the first chunk past it", async () => {
    const declared = await post("/v1/track", "x".repeat(40 * 1024));
    expect(declared.status).toBe(413);
    expect((await declared.json()).error).toBe(
      "The request body is 40960 bytes; the limit is 32768 bytes (32 KB) per event.",
    );
    // Chunked, no Content-Length: 64 KB chunks until the server answers, at most 8 MB.
    const streamed = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      const req = httpRequest(`${base}/v1/track`, {
        method: "POST",
        headers: { authorization: basicAuth(ws.writeKey), "transfer-encoding": "chunked" },
      });
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (sent < 8 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      req.on("response", (res) => {
        let body = "";
        res.on("data", (data: Buffer) => (body += data.toString()));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body, sent });
          req.destroy();
        });
      });
      req.on("error", (error) => (sent > 0 ? undefined : reject(error)));
      pump();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error).toMatch(/^The request body is \d+ bytes; the limit is 32768 bytes/);
    expect(streamed.sent).toBeLessThan(8 * 1024 * 1024);
  });
});
