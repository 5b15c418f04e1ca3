// Reads a request body up to a byte limit without buffering more than the limit: a huge
// upload is cut off early (a declared Content-Length at once, a streamed body at the first
// chunk past the limit) instead of being read into memory and then rejected. Every route that
// reads a body goes through here; the caps of the non-ingest routes are BODY_LIMITS (ingest's
// are per event and per batch, packages/core/src/ingest/schemas.ts).
import type { IncomingMessage } from "node:http";
import { errorResponse } from "./responses";

export type BodyResult = { ok: true; text: string; bytes: number } | { ok: false; bytes: number };
type BytesResult = { ok: true; data: Buffer; bytes: number } | { ok: false; bytes: number };

export const BODY_LIMITS = {
  /** /api/trpc: the UI's largest input (a journey graph, a template) is well under it. */
  trpc: 1024 * 1024,
  /** Form posts: /unsubscribe/*, sign-in and the rest of /api/auth. */
  form: 16 * 1024,
  /** Provider webhooks (/api/webhooks/*). */
  webhook: 256 * 1024,
} as const;

async function readBytesLimited(req: Request, limit: number): Promise<BytesResult> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await req.body?.cancel().catch(() => {});
    return { ok: false, bytes: declared };
  }
  if (!req.body) return { ok: true, data: Buffer.alloc(0), bytes: 0 };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, bytes };
    }
    chunks.push(value);
  }
  return { ok: true, data: Buffer.concat(chunks), bytes };
}

export async function readBodyLimited(req: Request, limit: number): Promise<BodyResult> {
  const body = await readBytesLimited(req, limit);
  return body.ok ? { ok: true, text: body.data.toString("utf8"), bytes: body.bytes } : body;
}

/**
 * The same for Node's own request (the web process's plain listener, ingest-listener.ts): no
 * fetch `Request` and web stream in between. Past the limit it stops collecting; the caller
 * answers 413 and closes the connection, and Node discards what the client still sends.
 */
export function readNodeBodyLimited(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, bytes: declared });
  if (req.destroyed) return Promise.reject(new Error("the client closed the connection before the request body ended"));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const settle = (result: BodyResult | Error) => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) settle({ ok: false, bytes });
      else chunks.push(chunk);
    };
    const onEnd = () => settle({ ok: true, text: Buffer.concat(chunks, bytes).toString("utf8"), bytes });
    const onError = (error: Error) => settle(error);
    const onClose = () => settle(new Error("the client closed the connection before the request body ended"));
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

function describeLimit(limit: number): string {
  return limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MB` : `${limit / 1024} KB`;
}

/** The 413 of every capped route, naming the limit. `bytes` is what was read or declared so far. */
export function payloadTooLarge(limit: number, bytes: number, what = "request body"): Response {
  const seen = bytes > limit ? `at least ${bytes} bytes` : `${bytes} bytes`;
  return errorResponse(413, `The ${what} is ${seen}; the limit is ${limit} bytes (${describeLimit(limit)}).`);
}

/**
 * For handlers that parse the body themselves (tRPC's fetch adapter, better-auth, formData):
 * the same request with its body read under `limit`, or the 413 to answer instead. Requests
 * without a body (GET, SSE subscriptions) pass through untouched.
 */
export async function capRequestBody(req: Request, limit: number): Promise<Request | Response> {
  if (!req.body || req.method === "GET" || req.method === "HEAD") return req;
  const body = await readBytesLimited(req, limit);
  if (!body.ok) return payloadTooLarge(limit, body.bytes);
  return new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body: new Uint8Array(body.data),
    signal: req.signal,
  });
}
