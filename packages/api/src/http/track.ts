// POST /api/v1/track — Segment's track call.
import type { HttpDeps } from "./deps";
import { INGEST_CALLS } from "./ingest-calls";
import { handleIngestRequest } from "./ingest-handler";

export function handleTrack(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, INGEST_CALLS.track);
}
