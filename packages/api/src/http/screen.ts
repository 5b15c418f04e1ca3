// POST /api/v1/screen (and /v1/screen) — Segment's screen call.
import { ingestEvent, type IngestOptions } from "@mailstream/core/ingest/ingest";
import type { Db } from "@mailstream/db/client";
import type { HttpDeps } from "./deps";
import { handleIngestRequest } from "./ingest-handler";

export function handleScreen(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, (db: Db, workspaceId: string, payload: unknown, options: IngestOptions) =>
    ingestEvent(db, workspaceId, "screen", payload, options),
  );
}
