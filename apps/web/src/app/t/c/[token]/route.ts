// GET /t/c/<token> — the click redirect (records `clicked`, 302 to the URL signed into the token).
import { handleClickRedirect } from "@mailstream/api/http/tracking";
import { trackingDeps } from "@/server/tracking-deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, context: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await context.params;
  return handleClickRedirect(trackingDeps(), token);
}
