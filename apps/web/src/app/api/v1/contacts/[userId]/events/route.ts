// GET /api/v1/contacts/{userId}/events — newest first, `?limit=&cursor=` (secret key only).
import { handleContactSection } from "@mailstream/api/http/contacts";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, context: { params: Promise<{ userId: string }> }): Promise<Response> {
  return handleContactSection(req, getDeps(), await context.params, "events");
}
