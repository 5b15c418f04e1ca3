// GET /api/health — database, Temporal and worker state; 503 when the database is down.
import { handleHealth } from "@mailstream/api/http/health";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return handleHealth(req, getDeps());
}
