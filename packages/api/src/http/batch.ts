// POST /api/v1/batch (and /v1/batch) — Segment's batch call, where Segment's server
// libraries send everything. Atomic: see ingest/ingest-batch.ts. Body limit 500 KB.
import { ingestBatch } from "@mailstream/core/ingest/ingest-batch";
import { MAX_BATCH_BYTES } from "@mailstream/core/ingest/schemas";
import type { HttpDeps } from "./deps";
import { handleIngestRequest } from "./ingest-handler";

export function handleBatch(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, ingestBatch, MAX_BATCH_BYTES);
}
