// /unsubscribe/<token> — GET: the preference page (no login); POST: RFC 8058 one-click
// (`List-Unsubscribe=One-Click`), also what the page's button sends. A route handler rather
// than a page because the List-Unsubscribe URL must accept the POST at the same address.
import { handleUnsubscribePage, handleUnsubscribePost } from "@mailstream/api/http/unsubscribe";
import { trackingDeps } from "@/server/tracking-deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, context: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await context.params;
  return handleUnsubscribePage(trackingDeps(), token, req.headers);
}

export async function POST(req: Request, context: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await context.params;
  return handleUnsubscribePost(req, trackingDeps(), token);
}
