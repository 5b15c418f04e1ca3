// The SDK against the real ingest handlers over HTTP and the real test database.
// The server helper is loaded with a dynamic import: the SDK itself may only take types
// from @mailstream/api, its tests run the real server.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { testEnv } from "@mailstream/testing/test-env";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { IngestTestServer } from "@mailstream/testing/ingest-test-server";
import { createMailstreamClient, MailstreamError, MAX_BATCH_BYTES, type RetryInfo } from "./index";

let server: IngestTestServer;

beforeAll(async () => {
  const { startIngestTestServer } = await import("@mailstream/testing/ingest-test-server");
  server = await startIngestTestServer(testEnv().databaseUrl);
});
afterAll(() => server.close());

describe("createMailstreamClient", () => {
  it("batches on flushAt, flushes the rest on close, and stores every event once", async () => {
    const client = createMailstreamClient({
      host: server.url,
      writeKey: server.writeKey,
      flushAt: 3,
      flushIntervalMs: 60_000,
    });
    client.identify({ userId: "sdk-1", traits: { email: "sdk-1@mailstream.test" } });
    client.track({ userId: "sdk-1", event: "signed_up", properties: { plan: "pro" } });
    client.page({ anonymousId: "sdk-anon", name: "Home" });
    client.alias({ userId: "sdk-1", previousId: "sdk-anon" });
    client.track({ userId: "sdk-1", event: "second" });
    client.screen({ userId: "sdk-1", name: "Settings" });
    client.group({ userId: "sdk-1", groupId: "acme", traits: { plan: "team" } });
    await client.close();
    const stored = await server.storedEvents();
    expect(stored.map((event) => event.type).sort()).toEqual([
      "alias",
      "group",
      "identify",
      "page",
      "screen",
      "track",
      "track",
    ]);
  });

  it("surfaces the server's error list on a 4xx without retrying, and 401 for a bad key", async () => {
    const errors: MailstreamError[] = [];
    const client = createMailstreamClient({
      host: server.url,
      writeKey: server.writeKey,
      flushIntervalMs: 60_000,
      onError: (e) => errors.push(e),
    });
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
        void fetch(`${server.url}${req.url}`, {
          method: "POST",
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }).then(async (upstream) => {
          res.statusCode = calls === 1 ? 503 : upstream.status;
          res.end(await upstream.text());
        });
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const port = (proxy.address() as { port: number }).port;
    const before = (await server.storedEvents()).length;
    const client = createMailstreamClient({
      host: `http://127.0.0.1:${port}`,
      writeKey: server.writeKey,
      retryBaseMs: 5,
      flushIntervalMs: 60_000,
    });
    client.track({ userId: "retry", event: "once" });
    await client.close();
    proxy.close();
    expect(calls).toBe(2);
    expect((await server.storedEvents()).length).toBe(before + 1);
  });

  it("drops the oldest event when the queue is full and reports it; gives up after `retries` network errors", async () => {
    const errors: MailstreamError[] = [];
    const client = createMailstreamClient({
      host: "http://127.0.0.1:9",
      writeKey: "k",
      maxQueueSize: 2,
      flushAt: 100,
      retries: 1,
      retryBaseMs: 1,
      flushIntervalMs: 60_000,
      onError: (e) => errors.push(e),
    });
    client.track({ userId: "a", event: "first" });
    client.track({ userId: "a", event: "second" });
    client.track({ userId: "a", event: "third" });
    expect(errors[0]?.events).toMatchObject([{ event: "first" }]);
    await expect(client.close()).rejects.toMatchObject({
      status: null,
      message: expect.stringContaining("Network error"),
    });
    expect(errors[1]?.events.map((e) => e.event)).toEqual(["second", "third"]);
  });
});

/** A proxy in front of the real server; `answer` may reply itself (return true) instead of forwarding. */
async function startProxy(
  answer: (call: number, res: ServerResponse) => boolean,
): Promise<{ url: string; calls: () => number; close: () => void }> {
  let calls = 0;
  const proxy = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (answer(++calls, res)) return;
      void fetch(`${server.url}${req.url}`, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }).then(async (upstream) => {
        res.statusCode = upstream.status;
        res.end(await upstream.text());
      });
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`,
    calls: () => calls,
    close: () => proxy.close(),
  };
}

const eventsOf = async (userId: string) => (await server.storedEvents()).filter((event) => event.userId === userId);

describe("createMailstreamClient limits, retries and flush triggers", () => {
  it("cuts batches at 500 KB so the server accepts every request, and stores every event", async () => {
    const userId = `bytes-${randomUUID()}`;
    const bodies: number[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      bodies.push(Buffer.byteLength(String(init?.body)));
      return fetch(input, init);
    };
    const client = createMailstreamClient({
      host: server.url,
      writeKey: server.writeKey,
      flushAt: 100,
      flushIntervalMs: 60_000,
      fetch: countingFetch,
    });
    // 40 events of ~30 KB: 1.2 MB, under the count limit but three times the byte limit.
    for (let i = 0; i < 40; i++) client.track({ userId, event: "big", properties: { i, blob: "x".repeat(30_000) } });
    await client.close();
    expect(bodies.length).toBeGreaterThanOrEqual(3);
    for (const bytes of bodies) expect(bytes).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(await eventsOf(userId)).toHaveLength(40);
  });

  it("refuses an event over 32 KB locally with a clear error and sends nothing", async () => {
    const sent: string[] = [];
    const client = createMailstreamClient({
      host: server.url,
      writeKey: server.writeKey,
      flushIntervalMs: 60_000,
      fetch: (input, init) => (sent.push(String(input)), fetch(input, init)),
    });
    const huge = { userId: "huge", event: "huge", properties: { blob: "x".repeat(40_000) } };
    expect(() => client.track(huge)).toThrow(/is \d+ bytes; the limit is 32768 bytes \(32 KB\) per event/);
    expect(() =>
      client.batch([
        { type: "identify", userId: "huge" },
        { type: "track", ...huge },
      ]),
    ).toThrow(MailstreamError);
    expect(client.queued).toBe(0);
    await client.close();
    expect(sent).toEqual([]);
  });

  it.each([429, 503])("waits the Retry-After of a %i, then delivers once", async (status) => {
    const userId = `${status}-${randomUUID()}`;
    const proxy = await startProxy((call, res) => {
      if (call > 1) return false;
      res
        .writeHead(status, { "retry-after": "1", "content-type": "application/json" })
        .end(JSON.stringify({ success: false, error: "slow down" }));
      return true;
    });
    const retries: RetryInfo[] = [];
    const client = createMailstreamClient({
      host: proxy.url,
      writeKey: server.writeKey,
      flushIntervalMs: 60_000,
      onRetry: (info) => retries.push(info),
    });
    client.track({ userId, event: "throttled" });
    await client.close();
    proxy.close();
    expect(retries).toEqual([{ attempt: 1, delayMs: 1000, status }]);
    expect(proxy.calls()).toBe(2);
    expect(await eventsOf(userId)).toHaveLength(1);
  });

  it("never retries a batch the server refuses as unstorable (a NUL) and stores none of it", async () => {
    const userId = `nul-${randomUUID()}`;
    const proxy = await startProxy(() => false); // passes every request to the real server
    const retries: RetryInfo[] = [];
    const client = createMailstreamClient({
      host: proxy.url,
      writeKey: server.writeKey,
      flushIntervalMs: 60_000,
      onRetry: (info) => retries.push(info),
    });
    client.track({ userId, event: "fine" });
    client.track({ userId, event: "hostile", properties: { note: "a\u0000b" } });
    await expect(client.close()).rejects.toMatchObject({
      status: 400,
      issues: [{ path: "batch.1.properties.note" }],
    });
    proxy.close();
    expect(retries).toEqual([]);
    expect(proxy.calls()).toBe(1);
    expect(await eventsOf(userId)).toEqual([]);
  });

  it("gives up on a 5xx after `retries` attempts with growing back-off and reports the status", async () => {
    const proxy = await startProxy((_call, res) => (res.writeHead(502).end("bad gateway"), true));
    const retries: RetryInfo[] = [];
    const client = createMailstreamClient({
      host: proxy.url,
      writeKey: server.writeKey,
      retries: 2,
      retryBaseMs: 1,
      flushIntervalMs: 60_000,
      onRetry: (info) => retries.push(info),
    });
    client.track({ userId: "down", event: "x" });
    await expect(client.close()).rejects.toMatchObject({ status: 502 });
    proxy.close();
    expect(retries.map((r) => [r.attempt, r.status])).toEqual([
      [1, 502],
      [2, 502],
    ]);
    expect(proxy.calls()).toBe(3);
  });

  it("flushes on its interval without flush() or close()", async () => {
    const userId = `interval-${randomUUID()}`;
    const client = createMailstreamClient({
      host: server.url,
      writeKey: server.writeKey,
      flushAt: 100,
      flushIntervalMs: 50,
    });
    client.track({ userId, event: "ticked" });
    await vi.waitFor(async () => expect(await eventsOf(userId)).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(client.queued).toBe(0);
    await client.close();
  });

  it.each(["drain", "sigterm"] as const)(
    "flushOnExit delivers what is queued when the process ends (%s)",
    async (mode) => {
      const userId = `exit-${mode}-${randomUUID()}`;
      const here = path.dirname(fileURLToPath(import.meta.url));
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          path.join(here, "testing", "exit-hook-child.ts"),
          server.url,
          server.writeKey,
          mode,
          userId,
        ],
        {
          cwd: path.join(here, "..", "..", ".."),
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.once("exit", (code, signal) => resolve({ code, signal })),
      );
      await new Promise<void>((resolve) =>
        child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("queued") && resolve()),
      );
      if (mode === "sigterm") child.kill("SIGTERM");
      const exit = await exited;
      expect(mode === "sigterm" ? exit.signal : exit.code).toBe(mode === "sigterm" ? "SIGTERM" : 0);
      expect((await eventsOf(userId)).map((event) => event.event).sort()).toEqual([`exit_${mode}_1`, `exit_${mode}_2`]);
    },
  );
});
