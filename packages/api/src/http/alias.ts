// POST /api/v1/alias (and /v1/alias) — Segment's alias call.
import type { HttpDeps } from "./deps";
import { INGEST_CALLS } from "./ingest-calls";
import { handleIngestRequest } from "./ingest-handler";

export function handleAlias(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, INGEST_CALLS.alias);
}
