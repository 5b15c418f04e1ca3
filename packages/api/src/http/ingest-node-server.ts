// A plain node:http server that serves the real ingest handlers (`/v1/<call>` and
// `/api/v1/<call>`, POST and OPTIONS). Used by the SDK and Segment-client integration tests
// and by `pnpm bench:ingest` to exercise the handlers over real HTTP without a Next build.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Db } from "@mailstream/db/client";
import { handleAlias } from "./alias";
import { handleBatch } from "./batch";
import { handleGroup } from "./group";
import { handleIdentify } from "./identify";
import { handleIngestPreflight } from "./ingest-handler";
import { handlePage } from "./page";
import type { EdgeLimits } from "./edge-limits";
import { errorToResponse } from "./responses";
import { handleScreen } from "./screen";
import { handleTrack } from "./track";

type Handler = (req: Request, deps: { db: Db; limits?: EdgeLimits }) => Promise<Response>;
const ROUTES: Record<string, Handler> = {
  track: handleTrack,
  identify: handleIdentify,
  page: handlePage,
  screen: handleScreen,
  group: handleGroup,
  alias: handleAlias,
  batch: handleBatch,
};

async function toFetchRequest(req: IncomingMessage, url: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  return new Request(url, {
    method: req.method,
    headers,
    body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
  });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

export interface IngestServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (port 0 = any free port) and resolves once listening; `limits` as in HttpDeps. */
export async function startIngestServer(db: Db, port = 0, limits?: EdgeLimits): Promise<IngestServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const match = /^(?:\/api)?\/v1\/([a-z]+)\/?$/.exec(path);
    const handler = match ? ROUTES[match[1]!] : undefined;
    if (!handler) return void send(res, new Response("not found", { status: 404 }));
    if (req.method === "OPTIONS") return void send(res, handleIngestPreflight());
    if (req.method !== "POST") return void send(res, new Response("method not allowed", { status: 405 }));
    toFetchRequest(req, `http://127.0.0.1${path}`)
      .then((request) => handler(request, { db, limits }))
      .then((response) => send(res, response))
      .catch((error: unknown) => send(res, errorToResponse(error, "ingest")));
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
