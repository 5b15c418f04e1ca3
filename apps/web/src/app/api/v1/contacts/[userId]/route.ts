// GET /api/v1/contacts/{userId} — profile; DELETE — GDPR/CCPA erasure (secret key only).
import { handleContactErase, handleContactProfile } from "@mailstream/api/http/contacts";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ userId: string }> };

export async function GET(req: Request, context: RouteContext): Promise<Response> {
  return handleContactProfile(req, getDeps(), await context.params);
}

export async function DELETE(req: Request, context: RouteContext): Promise<Response> {
  return handleContactErase(req, getDeps(), await context.params);
}
