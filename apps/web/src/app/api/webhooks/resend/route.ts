// POST /api/webhooks/resend — Svix-signed Resend events → message events and suppressions.
import { handleResendWebhook } from "@mailstream/api/http/webhooks-resend";
import { resendWebhookDeps } from "@/server/tracking-deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return handleResendWebhook(req, resendWebhookDeps());
}
