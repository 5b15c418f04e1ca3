// HTML of the preference page (/unsubscribe/<token>): plain server-rendered forms, no script,
// so it works in every mail client's browser and for people with JavaScript off.
import type { PreferenceLinkResult } from "@mailstream/core/tracking/preference-link";
import type { UnsubscribeTarget } from "@mailstream/core/tracking/unsubscribe";

type TopicSubscription = UnsubscribeTarget["topics"][number];

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function preferencePage(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1f2328;margin:0;padding:48px 16px}
main{max-width:480px;margin:0 auto;background:#fff;border-radius:8px;padding:28px}h1{font-size:20px;margin:0 0 12px}
p{line-height:1.5}button{font:inherit;background:#1f2328;color:#fff;border:0;border-radius:6px;padding:10px 16px;cursor:pointer}
button.secondary{background:#fff;color:#b42318;border:1px solid #e5e7eb}.actions{display:flex;gap:8px;flex-wrap:wrap;margin-top:16px}
label.topic{display:flex;gap:10px;align-items:flex-start;padding:10px 0;border-top:1px solid #eef0f3}label.topic span{display:block}
.muted{color:#6b7280;font-size:14px}.notice{background:#ecfdf3;border-radius:6px;padding:10px 12px}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
    },
  });
}

function topicRow(topic: TopicSubscription): string {
  const description = topic.description ? `<span class="muted">${escapeHtml(topic.description)}</span>` : "";
  return `<label class="topic"><input type="checkbox" name="topic" value="${escapeHtml(topic.topicId)}"${topic.isSubscribed ? " checked" : ""} data-topic="${escapeHtml(topic.name)}">
<span><strong>${escapeHtml(topic.name)}</strong>${description}</span></label>`;
}

/** Why the sender stopped, for suppressions the recipient did not make (and cannot lift here). */
const PAUSED_EXPLANATIONS = {
  bounced:
    "An email to this address bounced, so the sender stopped sending to it. If the address works again, contact the sender to resume.",
  complained:
    "An email to this address was reported as spam, so the sender stopped sending to it. Contact the sender if that was a mistake.",
  manual: "The sender stopped emailing this address. Contact the sender if you want to receive their emails again.",
} as const;

/** The page a recipient lands on; `notice` confirms the change just made. */
export function renderPreferences(target: UnsubscribeTarget, notice?: string): Response {
  const noticeHtml = notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>` : "";
  const reason = target.suppressionReason;
  if (reason === "bounced" || reason === "complained" || reason === "manual") {
    return preferencePage(
      200,
      "Emails to this address are stopped",
      `${noticeHtml}<p><strong>${escapeHtml(target.email)}</strong> receives no emails from this sender.</p>
<p class="muted" data-suppression="${reason}">${PAUSED_EXPLANATIONS[reason]}</p>`,
    );
  }
  if (target.isUnsubscribed) {
    const resubscribe = target.canResubscribe
      ? `<form method="post"><input type="hidden" name="action" value="save">${target.topics
          .filter((t) => t.isSubscribed)
          .map((t) => `<input type="hidden" name="topic" value="${escapeHtml(t.topicId)}">`)
          .join("")}
<div class="actions"><button type="submit">Resubscribe</button></div></form>`
      : // An old link can unsubscribe but not undo it: offer the fresh link straight away.
        sendLinkForm("Email me a link to resubscribe");
    return preferencePage(
      200,
      "You are unsubscribed",
      `${noticeHtml}<p><strong>${escapeHtml(target.email)}</strong> will not receive further emails from this sender.</p>
${resubscribe}`,
    );
  }
  const topics = target.topics.length
    ? `<form method="post"><input type="hidden" name="action" value="save">${target.topics.map(topicRow).join("")}
<div class="actions"><button type="submit">Save preferences</button></div></form>`
    : "";
  return preferencePage(
    200,
    "Email preferences",
    `${noticeHtml}<p>Emails to <strong>${escapeHtml(target.email)}</strong>.${target.topics.length ? " Choose what you want to receive:" : ""}</p>${topics}
<form method="post"><input type="hidden" name="action" value="all"><div class="actions"><button type="submit" class="secondary">Unsubscribe from all</button></div></form>`,
  );
}

function sendLinkForm(label: string): string {
  return `<form method="post"><input type="hidden" name="action" value="send_link"><div class="actions"><button type="submit">${escapeHtml(label)}</button></div></form>`;
}

/** A re-subscribe asked with a link older than 30 days: nothing changed; offer a fresh link by email. */
export function renderFreshLinkOffer(target: UnsubscribeTarget): Response {
  return preferencePage(
    200,
    "Confirm with a new link",
    `<p class="notice" role="status">Nothing was changed.</p>
<p>This link is more than 30 days old, so it can stop emails but not turn them back on. We can email a new link to <strong>${escapeHtml(target.email)}</strong>; open it to choose what you receive.</p>
${sendLinkForm("Email me a new link")}`,
  );
}

const FRESH_LINK_MESSAGES: Record<PreferenceLinkResult["status"], string> = {
  sent: "We emailed a new link to {email}. Open it within 30 days to change your preferences.",
  already_sent: "We already emailed a new link to {email} within the last hour. Check your inbox (and spam folder).",
  not_sent: "This sender does not email {email} any more, so no link was sent. Contact the sender to resume.",
  failed: "The email with a new link to {email} could not be sent. Try again later.",
};

export function renderFreshLinkResult(result: PreferenceLinkResult): Response {
  const [before, after] = FRESH_LINK_MESSAGES[result.status].split("{email}") as [string, string];
  return preferencePage(
    result.status === "failed" ? 503 : 200,
    result.status === "sent" || result.status === "already_sent" ? "Check your inbox" : "No link sent",
    `<p role="status" data-result="${result.status}">${escapeHtml(before)}<strong>${escapeHtml(result.email)}</strong>${escapeHtml(after)}</p>`,
  );
}
