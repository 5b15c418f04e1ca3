// POST /api/v1/page (and /v1/page) — Segment's page call.
import type { HttpDeps } from "./deps";
import { INGEST_CALLS } from "./ingest-calls";
import { handleIngestRequest } from "./ingest-handler";

export function handlePage(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, INGEST_CALLS.page);
}
