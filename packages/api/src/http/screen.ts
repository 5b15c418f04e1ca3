// POST /api/v1/screen (and /v1/screen) — Segment's screen call.
import type { HttpDeps } from "./deps";
import { INGEST_CALLS } from "./ingest-calls";
import { handleIngestRequest } from "./ingest-handler";

export function handleScreen(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, INGEST_CALLS.screen);
}
