// POST /api/v1/page — Segment-compatible page (write or secret key); OPTIONS is the CORS preflight.
import { handlePage } from "@mailstream/api/http/page";
import { handleIngestPreflight } from "@mailstream/api/http/ingest-handler";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return handlePage(req, getDeps());
}

export function OPTIONS(): Response {
  return handleIngestPreflight();
}
