// POST /api/v1/batch — Segment-compatible batch (write or secret key); OPTIONS is the CORS preflight.
import { handleBatch } from "@mailstream/api/http/batch";
import { handleIngestPreflight } from "@mailstream/api/http/ingest-handler";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return handleBatch(req, getDeps());
}

export function OPTIONS(): Response {
  return handleIngestPreflight();
}
