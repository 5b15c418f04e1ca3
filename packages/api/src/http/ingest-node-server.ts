// A plain node:http server that serves only the ingest endpoints, through the web process's
// own listener (createIngestListener, ingest-listener.ts). Used by the SDK and Segment-client integration tests and
// by `pnpm bench:ingest` to exercise the handlers over real HTTP without a Next build.
import { createServer, type Server } from "node:http";
import type { Db } from "@mailstream/db/client";
import type { EdgeLimits } from "./edge-limits";
import { ingestCallOf } from "./ingest-calls";
import { createIngestListener } from "./ingest-listener";
import { handleUnknownApiPath } from "./not-found";

export interface IngestServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (port 0 = any free port) and resolves once listening; `limits` as in HttpDeps. */
export async function startIngestServer(db: Db, port = 0, limits?: EdgeLimits): Promise<IngestServer> {
  const deps = { db, limits };
  const serveIngest = createIngestListener({ deps: () => deps });
  const server = createServer((req, res) => {
    if (serveIngest(req, res)) return;
    // Next answers everything else in the web process; here a JSON 404 or 405 is enough.
    const response = ingestCallOf((req.url ?? "/").split("?")[0] ?? "/")
      ? new Response("method not allowed", { status: 405 })
      : handleUnknownApiPath(new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method }));
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    void response.text().then((text) => res.end(text));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
