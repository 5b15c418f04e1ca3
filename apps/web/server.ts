// The web app's HTTP server: a plain node:http server in front of Next.js's request handler.
//
// - Every request carries the address of the socket it arrived on. Next.js only fills
//   X-Forwarded-For when a request lacks it, which lets a client facing `next start` directly
//   choose its own address for every per-address limit; this server stamps the peer address
//   under its own header, overwriting anything the client sent by that name, and
//   packages/auth/src/client-address.ts decides from it (and MAILSTREAM_TRUST_PROXY) who the
//   client is.
// - The Segment-compatible ingest calls (POST and OPTIONS of /v1/<call> and /api/v1/<call>) are
//   answered here, by @mailstream/api's ingest listener, without Next.js: its router, middleware
//   and Request/Response adapters cost an ingest request about as much CPU again as the handler
//   (docs/performance.md). What the middleware does for them is done here the same way (the
//   Host check, the CSP and security headers: src/server/surface.ts), with the same deps
//   object (src/server/deps.ts: one pool per process, shared with Next's routes through
//   globalThis). Everything else, and the ingest paths' other methods, go to Next; the route
//   files under src/app/api/v1 and src/app/v1 serve ingest under `next dev`.
//
// Run with the tsx loader, as the worker and the dispatcher are (it loads the TypeScript of the
// workspace packages): node --import tsx server.ts --port 3000 --hostname 127.0.0.1
import { createServer, type IncomingMessage } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { PEER_ADDRESS_HEADER } from "@mailstream/auth/client-address";
import { createIngestListener } from "@mailstream/api/http/ingest-listener";
import { getDeps } from "./src/server/deps";
import { getSurfaceEnv } from "./src/server/env";
import { apiResponseHeaders, hostRefusal } from "./src/server/surface";

const { values } = parseArgs({
  options: { port: { type: "string", default: process.env.PORT ?? "3000" }, hostname: { type: "string" } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`--port must be a TCP port, got "${values.port}"`);
const hostname = values.hostname ?? "127.0.0.1";

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const { publicUrl } = getSurfaceEnv();
const serveIngest = createIngestListener({
  deps: getDeps,
  headers: apiResponseHeaders(publicUrl),
  // The middleware's Host check, with its answer (the headers above are added to every answer).
  refuse: (req: IncomingMessage) => {
    const refusal = hostRefusal(req.headers.host ?? null, publicUrl);
    return refusal === null ? null : Response.json({ success: false, error: refusal }, { status: 421 });
  },
});

const server = createServer((req, res) => {
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
  if (serveIngest(req, res)) return;
  handle(req, res).catch((error: unknown) => {
    console.error("web: request failed", error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("Internal Server Error");
  });
});
server.listen(port, hostname, () => console.log(`web listening on http://${hostname}:${port}`));

// The supervisor stops us with SIGTERM; finish in-flight requests, then leave.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
