// POST /api/v1/identify — Segment's identify call.
import { ingestIdentify } from "@mailstream/core/ingest/ingest";
import type { HttpDeps } from "./deps";
import { handleIngestRequest } from "./ingest-handler";

export function handleIdentify(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, ingestIdentify);
}
