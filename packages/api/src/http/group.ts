// POST /api/v1/group (and /v1/group) — Segment's group call.
import { ingestEvent, type IngestOptions } from "@mailstream/core/ingest/ingest";
import type { Db } from "@mailstream/db/client";
import type { HttpDeps } from "./deps";
import { handleIngestRequest } from "./ingest-handler";

export function handleGroup(req: Request, deps: Pick<HttpDeps, "db" | "limits">): Promise<Response> {
  return handleIngestRequest(req, deps, (db: Db, workspaceId: string, payload: unknown, options: IngestOptions) =>
    ingestEvent(db, workspaceId, "group", payload, options),
  );
}
