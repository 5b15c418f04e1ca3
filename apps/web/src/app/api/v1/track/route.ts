// POST /api/v1/track — Segment-compatible track (write or secret key).
import { handleTrack } from "@mailstream/api/http/track";
import { getDeps } from "../../../../server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return handleTrack(req, getDeps());
}
