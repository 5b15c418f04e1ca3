// Body caps while reading: a 40 MB body is refused after about the cap has been pulled from
// its stream (never buffered whole), a declared Content-Length over the cap without reading
// anything, and tRPC posts must be JSON (a cross-site form or text/plain post is refused).
import { describe, expect, it } from "vitest";
import { BODY_LIMITS, capRequestBody, readBodyLimited } from "./body";
import { admitTrpcRequest } from "./trpc-request";

const MB = 1024 * 1024;

/** A request whose body is produced lazily, 64 KB at a time, counting what was pulled. */
function streamingPost(totalBytes: number, contentType = "application/json") {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= totalBytes) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const req = new Request("http://127.0.0.1/api/trpc/x", {
    method: "POST",
    headers: { "content-type": contentType },
    body,
    duplex: "half",
  } as RequestInit);
  return { req, pulled: () => pulled };
}

describe("capRequestBody", () => {
  it("answers 413 naming the limit after reading little more than the cap of a 40 MB stream", async () => {
    const { req, pulled } = streamingPost(40 * MB);
    const result = await capRequestBody(req, BODY_LIMITS.trpc);
    expect(result).toBeInstanceOf(Response);
    const res = result as Response;
    expect(res.status).toBe(413);
    expect((await res.json()).error).toContain("the limit is 1048576 bytes (1 MB)");
    // The stream may run a chunk or two ahead of the reader (its queue), never megabytes.
    expect(pulled()).toBeLessThan(BODY_LIMITS.trpc + 4 * 64 * 1024);
  });

  it("refuses a declared Content-Length over the cap without reading the body", async () => {
    const { req, pulled } = streamingPost(1 * MB);
    const declared = new Request(req, { headers: { "content-length": String(20 * MB) } });
    const res = (await capRequestBody(declared, BODY_LIMITS.form)) as Response;
    expect(res.status).toBe(413);
    expect((await res.json()).error).toContain("(16 KB)");
    // Re-wrapping the request above pulls a chunk or two itself; the 1 MB stream is not read.
    expect(pulled()).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it("hands a body under the cap on intact, and GETs untouched", async () => {
    const req = new Request("http://127.0.0.1/x", { method: "POST", body: "List-Unsubscribe=One-Click" });
    const capped = (await capRequestBody(req, BODY_LIMITS.form)) as Request;
    expect(await capped.text()).toBe("List-Unsubscribe=One-Click");
    const get = new Request("http://127.0.0.1/x");
    expect(await capRequestBody(get, 1)).toBe(get);
  });

  it("readBodyLimited stops a webhook-sized stream at its cap", async () => {
    const { req, pulled } = streamingPost(5 * MB);
    const result = await readBodyLimited(req, BODY_LIMITS.webhook);
    expect(result.ok).toBe(false);
    expect(pulled()).toBeLessThan(BODY_LIMITS.webhook + 4 * 64 * 1024);
  });
});

describe("admitTrpcRequest", () => {
  it.each(["multipart/form-data; boundary=x", "text/plain", "application/x-www-form-urlencoded"])(
    "refuses a %s mutation with 415 (a browser sends those cross-site without a preflight)",
    async (contentType) => {
      const { req } = streamingPost(100, contentType);
      const res = (await admitTrpcRequest(req)) as Response;
      expect(res.status).toBe(415);
      expect((await res.json()).error).toContain("application/json");
    },
  );

  it("admits a JSON mutation and a GET subscription", async () => {
    const post = new Request("http://127.0.0.1/api/trpc/a", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"0":{"json":null}}',
    });
    expect(await ((await admitTrpcRequest(post)) as Request).text()).toBe('{"0":{"json":null}}');
    const get = new Request("http://127.0.0.1/api/trpc/metrics.overviewLive");
    expect(await admitTrpcRequest(get)).toBe(get);
  });
});
