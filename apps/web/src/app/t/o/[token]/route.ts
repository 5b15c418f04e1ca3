// GET /t/o/<token> — the open pixel (records `opened`, answers a no-cache 1×1 GIF).
import { handleOpenPixel } from "@mailstream/api/http/tracking";
import { trackingDeps } from "@/server/tracking-deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, context: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await context.params;
  return handleOpenPixel(trackingDeps(), token);
}
