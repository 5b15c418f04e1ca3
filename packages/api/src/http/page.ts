// POST /api/v1/page (and /v1/page) — Segment's page call.
import { ingestEvent, type IngestOptions } from "@mailstream/core/ingest/ingest";
import type { Db } from "@mailstream/db/client";
import type { HttpDeps } from "./deps";
import { handleIngestRequest } from "./ingest-handler";

export function handlePage(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, (db: Db, workspaceId: string, payload: unknown, options: IngestOptions) =>
    ingestEvent(db, workspaceId, "page", payload, options),
  );
}
