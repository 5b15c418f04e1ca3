// POST /api/v1/batch (and /v1/batch) — Segment's batch call, where Segment's server
// libraries send everything. Atomic: see ingest/ingest-batch.ts. Body limit 500 KB.
import type { HttpDeps } from "./deps";
import { INGEST_CALLS } from "./ingest-calls";
import { handleIngestRequest } from "./ingest-handler";

export function handleBatch(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, INGEST_CALLS.batch);
}
