// /api/auth/* — better-auth: sign-in, sign-out, session (and sign-up when the instance opens it).
import { BODY_LIMITS, capRequestBody } from "@mailstream/api/http/body";
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/server/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Built on first request, not at import: `next build` runs without a database or secret.
async function handler(req: Request): Promise<Response> {
  // Sign-in bodies are an address and a password: 16 KB, read under the cap.
  const capped = await capRequestBody(req, BODY_LIMITS.form);
  if (capped instanceof Response) return capped;
  return toNextJsHandler(getAuth()).POST(capped);
}

export { handler as GET, handler as POST };
