// A local stand-in for Resend's send API (POST /emails, what the Resend transport calls):
// records every request with its Idempotency-Key and answers like Resend — a fresh id per
// new key, the same id again for a repeated key (Resend's idempotency), so a retried send
// is visible here as a repeat, and a second email for one message as a second key.
import { randomUUID } from "node:crypto";
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

export interface ResendStandIn {
  /** The base URL to configure as RESEND_BASE_URL (or a workspace's Resend base URL). */
  baseUrl: string;
  /** Every request, in arrival order (repeats included). */
  received: ResendRequest[];
  close(): Promise<void>;
}

export async function startResendStandIn(options: { port?: number } = {}): Promise<ResendStandIn> {
  const received: ResendRequest[] = [];
  const idsByKey = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/emails") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "not found" }));
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      } catch {
        res.writeHead(422, { "content-type": "application/json" }).end(JSON.stringify({ message: "invalid JSON" }));
        return;
      }
      const header = req.headers["idempotency-key"];
      const idempotencyKey = typeof header === "string" && header !== "" ? header : null;
      const id = (idempotencyKey && idsByKey.get(idempotencyKey)) || `re_${randomUUID()}`;
      if (idempotencyKey) idsByKey.set(idempotencyKey, id);
      received.push({ headers: req.headers, body, id, idempotencyKey, receivedAt: Date.now() });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
