// POST /api/v1/group (and /v1/group) — Segment's group call.
import type { HttpDeps } from "./deps";
import { INGEST_CALLS } from "./ingest-calls";
import { handleIngestRequest } from "./ingest-handler";

export function handleGroup(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, INGEST_CALLS.group);
}
