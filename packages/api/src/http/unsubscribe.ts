// GET /unsubscribe/<token>: the preference page (no login; the signed token is the credential).
// POST /unsubscribe/<token>: RFC 8058 one-click — mailbox providers POST the form body
// `List-Unsubscribe=One-Click`; the page's own button posts the same body. GET never
// unsubscribes, because link scanners prefetch every URL in an email.
import { findUnsubscribeTarget, unsubscribeByToken, type UnsubscribeTarget } from "../services/unsubscribe";
import { notConfigured, type TrackingDeps } from "./tracking";

export type UnsubscribeDeps = TrackingDeps;

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1f2328;margin:0;padding:48px 16px}
main{max-width:480px;margin:0 auto;background:#fff;border-radius:8px;padding:28px}h1{font-size:20px;margin:0 0 12px}
p{line-height:1.5}button{font:inherit;background:#1f2328;color:#fff;border:0;border-radius:6px;padding:10px 16px;cursor:pointer}
.muted{color:#6b7280;font-size:14px}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });
}

const invalidLink = () =>
  page(404, "Link not valid", "<p>This unsubscribe link is not valid. Use the link from the most recent email you received.</p>");

function confirmation(target: UnsubscribeTarget): Response {
  return page(
    200,
    "You are unsubscribed",
    `<p><strong>${escapeHtml(target.email)}</strong> will not receive further emails from this sender.</p>`,
  );
}

export async function handleUnsubscribePage(deps: UnsubscribeDeps, token: string): Promise<Response> {
  if (!deps.secret) return notConfigured();
  const target = await findUnsubscribeTarget(deps.db, deps.secret, token);
  if (!target) return invalidLink();
  if (target.isUnsubscribed) return confirmation(target);
  return page(
    200,
    "Email preferences",
    `<p>Emails to <strong>${escapeHtml(target.email)}</strong>.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe from all</button></form>
<p class="muted">Choosing individual topics is not available yet; unsubscribing stops all emails from this sender.</p>`,
  );
}

export async function handleUnsubscribePost(req: Request, deps: UnsubscribeDeps, token: string): Promise<Response> {
  if (!deps.secret) return notConfigured();
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return page(400, "Bad request", "<p>Expected a form body <code>List-Unsubscribe=One-Click</code> (RFC 8058).</p>");
  }
  if (form.get("List-Unsubscribe") !== "One-Click") {
    return page(400, "Bad request", "<p>Expected a form body <code>List-Unsubscribe=One-Click</code> (RFC 8058).</p>");
  }
  const target = await unsubscribeByToken(deps.db, deps.secret, token);
  return target ? confirmation(target) : invalidLink();
}
