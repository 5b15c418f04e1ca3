// GET /api/v1/contacts/{userId}/messages — a contact's emails (secret key only).
import { handleContactSection } from "@mailstream/api/http/contacts";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, context: { params: Promise<{ userId: string }> }): Promise<Response> {
  const { userId } = await context.params;
  return handleContactSection(req, getDeps(), { userId }, "messages");
}
