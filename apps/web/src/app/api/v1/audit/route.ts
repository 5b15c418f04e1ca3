// GET /api/v1/audit — the workspace's audit log (a secret key of an owner or admin role).
import { handleAuditList } from "@mailstream/api/http/audit";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  return handleAuditList(req, getDeps());
}
