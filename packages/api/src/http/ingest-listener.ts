// Ingest on a plain node:http listener: the web process (apps/web/server.ts) answers the
// Segment-compatible endpoints (POST and OPTIONS of /v1/<call> and /api/v1/<call>, the calls
// of ingest-calls.ts) here, before Next.js's request handler, which costs an ingest request
// about as much CPU again as the handler itself (docs/performance.md). The flow is the Next
// routes' own (ingest-handler.ts), read straight from Node's request. Anything else — another
// method, a trailing slash, any other path — is left to the caller (Next), so its answers
// (405, the redirect, the JSON 404 of unknown API paths) do not change. The bench's own stack
// and the test ingest server serve through this same function.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readNodeBodyLimited } from "./body";
import { ingestCallOf } from "./ingest-calls";
import {
  handleIngestCall,
  handleIngestPreflight,
  INGEST_ACCEPTED,
  isAccepted,
  type IngestAnswer,
  type IngestCall,
  type IngestDeps,
  type IngestSource,
} from "./ingest-handler";
import { errorToResponse } from "./responses";

export interface IngestListenerOptions {
  deps: () => IngestDeps;
  /** Headers every answer carries besides the handler's own (the web surface's CSP and the rest). */
  headers?: Readonly<Record<string, string>>;
  /** An answer that refuses the request before the handler (the web surface's Host check), or null. */
  refuse?: (req: IncomingMessage) => Response | null;
}

function nodeSource(req: IncomingMessage): IngestSource {
  return {
    header: (name) => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
    readBody: (limit) => readNodeBodyLimited(req, limit),
  };
}

/** A refusal or an error: the `Response`'s status, headers and body, and the surface's headers. */
async function sendResponse(res: ServerResponse, response: Response, headers: Readonly<Record<string, string>>) {
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  // A refused body may still be arriving: close rather than read it to keep the connection.
  if (response.status === 413) res.shouldKeepAlive = false;
  res.end(body);
}

/**
 * The listener: answers `req` when it is an ingest call and returns true; false leaves it to the
 * caller. The accepted answer's head (its headers and length) is built once, here.
 */
export function createIngestListener(
  options: IngestListenerOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const headers = options.headers ?? {};
  const acceptedHead = {
    ...INGEST_ACCEPTED.headers,
    ...headers,
    "content-length": Buffer.byteLength(INGEST_ACCEPTED.body),
  };
  const send = async (res: ServerResponse, answer: IngestAnswer) => {
    if (!isAccepted(answer)) return sendResponse(res, answer, headers);
    res.writeHead(answer.status, acceptedHead).end(answer.body);
  };
  const respond = async (req: IncomingMessage, call: IngestCall): Promise<IngestAnswer> =>
    options.refuse?.(req) ??
    (req.method === "OPTIONS" ? handleIngestPreflight() : handleIngestCall(nodeSource(req), options.deps(), call));

  return (req, res) => {
    if (req.method !== "POST" && req.method !== "OPTIONS") return false;
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const call = ingestCallOf(query === -1 ? url : url.slice(0, query));
    if (!call) return false;
    respond(req, call)
      .catch((error: unknown) => errorToResponse(error, "ingest"))
      .then((answer) => send(res, answer))
      .catch((error: unknown) => {
        // Writing the answer failed (the client went away): nothing left to tell it.
        res.destroy(error instanceof Error ? error : undefined);
      });
    return true;
  };
}
