// GET /api/v1/contacts/{userId}/export — everything held about the contact (secret key only).
import { handleContactExport } from "@mailstream/api/http/contacts";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, context: { params: Promise<{ userId: string }> }): Promise<Response> {
  return handleContactExport(req, getDeps(), await context.params);
}
