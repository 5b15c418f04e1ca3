// A local stand-in for Resend's send API: POST /emails (what the Resend transport calls per
// email) and POST /emails/batch (up to 100 emails, what broadcast pages call). It records every
// request with its Idempotency-Key and answers like Resend — fresh ids per new key, the same ids
// again for a repeated key with the same payload (Resend's idempotency, kept 24 h there), and
// 409 for a key reused with another payload — so a retried send is visible here as a repeat,
// and a second email for one message as a second key.
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ResendRequest {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The id answered (the same for every request with one Idempotency-Key). */
  id: string;
  idempotencyKey: string | null;
  receivedAt: number;
}

export interface ResendBatchRequest {
  headers: IncomingHttpHeaders;
  emails: Record<string, unknown>[];
  /** The ids answered, in order (the same again for a repeated key). */
  ids: string[];
  idempotencyKey: string | null;
  /** True when the key was seen before: Resend answers again and sends nothing. */
  isRepeat: boolean;
  receivedAt: number;
}

export interface ResendStandIn {
  /** The base URL to configure as RESEND_BASE_URL (or a workspace's Resend base URL). */
  baseUrl: string;
  /** Every single send (POST /emails), in arrival order (repeats included). */
  received: ResendRequest[];
  /** Every batch call (POST /emails/batch), in arrival order (repeats included). */
  batches: ResendBatchRequest[];
  close(): Promise<void>;
}

const MAX_BATCH = 100;

export async function startResendStandIn(options: { port?: number } = {}): Promise<ResendStandIn> {
  const received: ResendRequest[] = [];
  const batches: ResendBatchRequest[] = [];
  /** Per key: the payload's hash and the ids answered. */
  const answered = new Map<string, { hash: string; ids: string[] }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const reply = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      const isBatch = req.url === "/emails/batch";
      if (req.method !== "POST" || (req.url !== "/emails" && !isBatch)) {
        reply(404, { message: "not found" });
        return;
      }
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        reply(422, { message: "invalid JSON" });
        return;
      }
      const header = req.headers["idempotency-key"];
      const idempotencyKey = typeof header === "string" && header !== "" ? header : null;
      if (isBatch) {
        if (!Array.isArray(body) || body.length === 0 || body.length > MAX_BATCH) {
          reply(422, { name: "validation_error", message: `a batch holds 1 to ${MAX_BATCH} emails` });
          return;
        }
        const emails = body as Record<string, unknown>[];
        const ids = answerKey(idempotencyKey && `batch:${idempotencyKey}`, raw, emails.length);
        if (ids === "conflict") {
          reply(409, {
            name: "invalid_idempotent_request",
            message: "Same idempotency key used with a different request payload.",
          });
          return;
        }
        batches.push({
          headers: req.headers,
          emails,
          ids: ids.ids,
          idempotencyKey,
          isRepeat: ids.isRepeat,
          receivedAt: Date.now(),
        });
        reply(200, { data: ids.ids.map((id) => ({ id })) });
        return;
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        reply(422, { message: "expected one email" });
        return;
      }
      // Single sends answer a repeated key with its first id whatever the payload, as this stand-in always has.
      const earlier = idempotencyKey ? answered.get(idempotencyKey) : undefined;
      const id = earlier?.ids[0] ?? `re_${randomUUID()}`;
      if (idempotencyKey && !earlier) answered.set(idempotencyKey, { hash: "", ids: [id] });
      received.push({
        headers: req.headers,
        body: body as Record<string, unknown>,
        id,
        idempotencyKey,
        receivedAt: Date.now(),
      });
      reply(200, { id });
    });
  });

  /** Fresh ids for a new key, the same for a repeat, "conflict" for a key reused with another payload. */
  function answerKey(key: string | null, payload: string, count: number) {
    const hash = createHash("sha256").update(payload).digest("hex");
    const earlier = key ? answered.get(key) : undefined;
    if (earlier) return earlier.hash === hash ? { ids: earlier.ids, isRepeat: true } : ("conflict" as const);
    const ids = Array.from({ length: count }, () => `re_${randomUUID()}`);
    if (key) answered.set(key, { hash, ids });
    return { ids, isRepeat: false };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    batches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
