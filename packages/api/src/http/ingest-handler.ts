// The shared HTTP flow of every ingest endpoint: authenticate, bound the body, parse JSON,
// hand the payload to the ingest service, map its errors to status codes. The 200 is sent
// only after the event's transaction committed. Every ingest response carries
// `Access-Control-Allow-Origin: *` and preflights are answered, so analytics.js in a browser
// can call any origin's Mailstream (keys are write keys, meant to be public).
// The flow reads its request through `IngestSource` (a header and the body under a limit), so
// the web process's plain listener (ingest-listener.ts) feeds it Node's request directly and a
// Next route (or a test) a fetch `Request`: one flow, two ways in.
import { authenticateApiKey, missingKeyMessage, readApiKeyFromHeader } from "@mailstream/core/ingest/auth";
import type { IngestOptions } from "@mailstream/core/ingest/ingest";
import { MAX_EVENT_BYTES } from "@mailstream/core/ingest/schemas";
import type { Db } from "@mailstream/db/client";
import { readBodyLimited, type BodyResult } from "./body";
import { edgeLimitsFor, refuseOverLimit, type EdgeLimits } from "./edge-limits";
import { badRequest, errorResponse, errorToResponse, JSON_HEADERS, unauthorized } from "./responses";

export type IngestFn = (db: Db, workspaceId: string, payload: unknown, options: IngestOptions) => Promise<unknown>;

/** One ingest endpoint: the service it calls and its body limit (per event, or per batch). */
export interface IngestCall {
  ingest: IngestFn;
  limit: number;
}

/** What the flow reads of a request: a header (lower-case name) and the body under a limit. */
export interface IngestSource {
  header(name: string): string | null;
  readBody(limit: number): Promise<BodyResult>;
}

const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type",
  "access-control-max-age": "86400",
};

/** OPTIONS preflight of every ingest route. */
export function handleIngestPreflight(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

/**
 * What every stored request answers, as plain data: the plain listener writes it as it is, without
 * building a `Response` (and its body stream) for the one answer nearly every request gets.
 */
export const INGEST_ACCEPTED = {
  status: 200,
  headers: { ...JSON_HEADERS, ...CORS_HEADERS },
  body: JSON.stringify({ success: true }),
} as const;

/** The flow's answer: the accepted constant, or a `Response` (a refusal, an error), CORS headers set. */
export type IngestAnswer = Response | typeof INGEST_ACCEPTED;

export function isAccepted(answer: IngestAnswer): answer is typeof INGEST_ACCEPTED {
  return answer === INGEST_ACCEPTED;
}

function withCors(res: Response): Response {
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.headers.set(name, value);
  return res;
}

function tooLarge(bytes: number, limit: number): Response {
  const what = limit === MAX_EVENT_BYTES ? "per event" : "per batch";
  return errorResponse(
    413,
    `The request body is ${bytes} bytes; the limit is ${limit} bytes (${limit / 1024} KB) ${what}.`,
  );
}

/** `limits` defaults to the process's (edge-limits.ts); tests hand in small ones. */
export type IngestDeps = { db: Db; limits?: EdgeLimits };

/** Per API key (write or secret), so one busy source cannot starve the others of its workspace. */
function refuseOverKeyLimit(deps: IngestDeps, key: string): Promise<Response | null> {
  return refuseOverLimit((deps.limits ?? edgeLimitsFor(deps.db)).ingest, key, "ingest per API key");
}

/** A fetch `Request` (a Next route, tests) through the ingest flow. */
export async function handleIngestRequest(req: Request, deps: IngestDeps, call: IngestCall): Promise<Response> {
  const answer = await handleIngestCall(
    { header: (name) => req.headers.get(name), readBody: (limit) => readBodyLimited(req, limit) },
    deps,
    call,
  );
  return isAccepted(answer) ? new Response(answer.body, { status: answer.status, headers: answer.headers }) : answer;
}

export async function handleIngestCall(
  source: IngestSource,
  deps: IngestDeps,
  call: IngestCall,
): Promise<IngestAnswer> {
  const answer = await handleIngest(source, deps, call);
  return isAccepted(answer) ? answer : withCors(answer);
}

async function handleIngest(req: IngestSource, deps: IngestDeps, { ingest, limit }: IngestCall): Promise<IngestAnswer> {
  const receivedAt = new Date();
  try {
    // A header key is checked before the body is read: no reason to buffer 32 KB for a stranger.
    const headerKey = readApiKeyFromHeader(req.header("authorization"));
    let workspaceId: string | null = null;
    if (headerKey) {
      const auth = await authenticateApiKey(deps.db, headerKey, "write-or-secret");
      if (!auth.ok) return unauthorized(auth.error);
      workspaceId = auth.workspaceId;
      const limited = await refuseOverKeyLimit(deps, headerKey);
      if (limited) return limited;
    }

    const body = await req.readBody(limit);
    if (!body.ok) return tooLarge(body.bytes, limit);
    let payload: unknown;
    try {
      payload = JSON.parse(body.text);
    } catch (error) {
      // Without a header key the key could only have been in the body, which is unreadable.
      if (!workspaceId) return unauthorized(missingKeyMessage("write-or-secret"));
      // JSON.parse's message quotes the body around the fault; only its position is repeated.
      const position = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
      const where = position === undefined ? "" : ` (at character ${position})`;
      return badRequest([{ path: "body", message: `The request body is not valid JSON${where}.` }]);
    }

    if (!workspaceId) {
      const bodyKey =
        typeof payload === "object" && payload !== null ? (payload as { writeKey?: unknown }).writeKey : undefined;
      const auth = await authenticateApiKey(deps.db, typeof bodyKey === "string" ? bodyKey : null, "write-or-secret");
      if (!auth.ok) return unauthorized(auth.error);
      workspaceId = auth.workspaceId;
      const limited = await refuseOverKeyLimit(deps, bodyKey as string);
      if (limited) return limited;
    }

    await ingest(deps.db, workspaceId, payload, { receivedAt, rawBytes: body.bytes });
    return INGEST_ACCEPTED;
  } catch (error) {
    return errorToResponse(error, "ingest");
  }
}
