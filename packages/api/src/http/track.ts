// POST /api/v1/track — Segment's track call.
import { ingestTrack } from "@mailstream/core/ingest/ingest";
import type { HttpDeps } from "./deps";
import { handleIngestRequest } from "./ingest-handler";

export function handleTrack(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, ingestTrack);
}
