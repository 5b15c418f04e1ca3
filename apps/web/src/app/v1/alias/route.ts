// POST /v1/alias — Segment's own path, so libraries pointed at this host with their
// default paths work unchanged. Same handler as /api/v1/alias.
import { handleAlias } from "@mailstream/api/http/alias";
import { handleIngestPreflight } from "@mailstream/api/http/ingest-handler";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return handleAlias(req, getDeps());
}

export function OPTIONS(): Response {
  return handleIngestPreflight();
}
