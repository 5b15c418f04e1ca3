// /api/auth/* — better-auth: sign-in, sign-out, session (and sign-up when the instance opens it).
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/server/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Built on first request, not at import: `next build` runs without a database or secret.
function handler(req: Request): Promise<Response> {
  return toNextJsHandler(getAuth()).POST(req);
}

export { handler as GET, handler as POST };
