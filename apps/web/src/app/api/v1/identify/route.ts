// POST /api/v1/identify — Segment-compatible identify (write or secret key); OPTIONS is the CORS preflight.
import { handleIdentify } from "@mailstream/api/http/identify";
import { handleIngestPreflight } from "@mailstream/api/http/ingest-handler";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return handleIdentify(req, getDeps());
}

export function OPTIONS(): Response {
  return handleIngestPreflight();
}
