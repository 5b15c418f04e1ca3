// POST /api/v1/track — Segment-compatible track (write or secret key); OPTIONS is the CORS preflight.
import { handleTrack } from "@mailstream/api/http/track";
import { handleIngestPreflight } from "@mailstream/api/http/ingest-handler";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return handleTrack(req, getDeps());
}

export function OPTIONS(): Response {
  return handleIngestPreflight();
}
