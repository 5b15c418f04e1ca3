// The web app's HTTP server: Next.js's request handler behind a plain node:http server, so that
// every request carries the address of the socket it arrived on. Next.js only fills
// X-Forwarded-For when a request lacks it, which lets a client facing `next start` directly
// choose its own address for every per-address limit; this server stamps the peer address
// under its own header, overwriting anything the client sent by that name, and
// packages/auth/src/client-address.ts decides from it (and MAILSTREAM_TRUST_PROXY) who the client is.
//
// Usage: node server.mjs --port 3000 --hostname 127.0.0.1   (what `pnpm start` and npm start run)
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";

/** Must match PEER_ADDRESS_HEADER in packages/auth/src/client-address.ts. */
const PEER_ADDRESS_HEADER = "x-mailstream-peer";

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

const server = createServer((req, res) => {
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
  handle(req, res).catch((error) => {
    console.error("web: request failed", error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("Internal Server Error");
  });
});
server.listen(port, hostname, () => console.log(`web listening on http://${hostname}:${port}`));

// The supervisor stops us with SIGTERM; finish in-flight requests, then leave.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
