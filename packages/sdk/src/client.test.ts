// The SDK against the real ingest handlers over HTTP and the real test database.
// The server helper is loaded with a dynamic import: the SDK itself may only take types
// from @mailstream/api, its tests run the real server.
import { createServer } from "node:http";
import { testEnv } from "@mailstream/runtime/test-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestTestServer } from "@mailstream/api/http/ingest-test-server";
import { createMailstreamClient, MailstreamError } from "./index";

let server: IngestTestServer;

beforeAll(async () => {
  const { startIngestTestServer } = await import("@mailstream/api/http/ingest-test-server");
  server = await startIngestTestServer(testEnv().databaseUrl);
});
afterAll(() => server.close());

describe("createMailstreamClient", () => {
  it("batches on flushAt, flushes the rest on close, and stores every event once", async () => {
    const client = createMailstreamClient({ host: server.url, writeKey: server.writeKey, flushAt: 3, flushIntervalMs: 60_000 });
    client.identify({ userId: "sdk-1", traits: { email: "sdk-1@mailstream.test" } });
    client.track({ userId: "sdk-1", event: "signed_up", properties: { plan: "pro" } });
    client.page({ anonymousId: "sdk-anon", name: "Home" });
    client.alias({ userId: "sdk-1", previousId: "sdk-anon" });
    client.track({ userId: "sdk-1", event: "second" });
    client.screen({ userId: "sdk-1", name: "Settings" });
    client.group({ userId: "sdk-1", groupId: "acme", traits: { plan: "team" } });
    await client.close();
    const stored = await server.storedEvents();
    expect(stored.map((event) => event.type).sort()).toEqual(["alias", "group", "identify", "page", "screen", "track", "track"]);
  });

  it("surfaces the server's error list on a 4xx without retrying, and 401 for a bad key", async () => {
    const errors: MailstreamError[] = [];
    const client = createMailstreamClient({ host: server.url, writeKey: server.writeKey, flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
    client.track({ userId: "u", event: "" });
    await expect(client.flush()).rejects.toMatchObject({ status: 400, issues: [{ path: "batch.0.event" }] });
    const bad = createMailstreamClient({ host: server.url, writeKey: "ms_wk_nope", flushIntervalMs: 60_000 });
    bad.track({ userId: "u", event: "x" });
    await expect(bad.close()).rejects.toMatchObject({ status: 401, message: "Unknown or revoked API key." });
    expect(errors).toHaveLength(1);
  });

  it("retries 5xx with back-off and the same messageIds, so the server stores once", async () => {
    let calls = 0;
    // A proxy that answers 503 after forwarding the first attempt (as if the response got lost).
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        calls++;
        void fetch(`${server.url}${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }).then(async (upstream) => {
          res.statusCode = calls === 1 ? 503 : upstream.status;
          res.end(await upstream.text());
        });
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const port = (proxy.address() as { port: number }).port;
    const before = (await server.storedEvents()).length;
    const client = createMailstreamClient({ host: `http://127.0.0.1:${port}`, writeKey: server.writeKey, retryBaseMs: 5, flushIntervalMs: 60_000 });
    client.track({ userId: "retry", event: "once" });
    await client.close();
    proxy.close();
    expect(calls).toBe(2);
    expect((await server.storedEvents()).length).toBe(before + 1);
  });

  it("drops the oldest event when the queue is full and reports it; gives up after `retries` network errors", async () => {
    const errors: MailstreamError[] = [];
    const client = createMailstreamClient({ host: "http://127.0.0.1:9", writeKey: "k", maxQueueSize: 2, flushAt: 100, retries: 1, retryBaseMs: 1, flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
    client.track({ userId: "a", event: "first" });
    client.track({ userId: "a", event: "second" });
    client.track({ userId: "a", event: "third" });
    expect(errors[0]?.events).toMatchObject([{ event: "first" }]);
    await expect(client.close()).rejects.toMatchObject({ status: null, message: expect.stringContaining("Network error") });
    expect(errors[1]?.events.map((e) => e.event)).toEqual(["second", "third"]);
  });
});
