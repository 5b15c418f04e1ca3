// POST /api/v1/group — Segment-compatible group (write or secret key); OPTIONS is the CORS preflight.
import { handleGroup } from "@mailstream/api/http/group";
import { handleIngestPreflight } from "@mailstream/api/http/ingest-handler";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return handleGroup(req, getDeps());
}

export function OPTIONS(): Response {
  return handleIngestPreflight();
}
