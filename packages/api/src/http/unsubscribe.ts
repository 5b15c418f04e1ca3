// GET /unsubscribe/<token>: the preference page (no login; the signed token is the credential).
// POST /unsubscribe/<token>: RFC 8058 one-click — mailbox providers POST the form body
// `List-Unsubscribe=One-Click`, which leaves the email's topic (or all email when it has
// none, see emails/headers.ts) — and the page's own forms (`action=save` with the chosen
// `topic`s, `action=all`, `action=send_link` to mail a fresh link when the token is too old to
// re-subscribe). GET never changes anything: link scanners prefetch every URL.
import {
  savePreferencesByToken,
  findUnsubscribeTarget,
  unsubscribeByToken,
  unsubscribeOneClick,
} from "@mailstream/core/tracking/unsubscribe";
import { BODY_LIMITS, capRequestBody } from "./body";
import { clientAddressKey } from "@mailstream/auth/client-address";
import { edgeLimitsFor, refuseOverLimit } from "./edge-limits";
import { mailFreshPreferenceLink } from "@mailstream/core/tracking/preference-link";
import { notConfigured, type TrackingDeps } from "./tracking";
import { respond } from "./responses";
import { preferencePage, renderFreshLinkOffer, renderFreshLinkResult, renderPreferences } from "./unsubscribe-page";

export type UnsubscribeDeps = TrackingDeps;

const invalidLink = () =>
  preferencePage(
    404,
    "Link not valid",
    "<p>This unsubscribe link is not valid. Use the link from the most recent email you received.</p>",
  );

const badRequest = () =>
  preferencePage(
    400,
    "Bad request",
    "<p>Expected a form body <code>List-Unsubscribe=One-Click</code> (RFC 8058) or a preference form.</p>",
  );

/** Per client address: the page and its forms are the only unauthenticated writes besides ingest. */
function refuseOverAddressLimit(deps: UnsubscribeDeps, headers: Headers): Promise<Response | null> {
  const limiter = (deps.limits ?? edgeLimitsFor(deps.db)).unsubscribe;
  return refuseOverLimit(
    limiter,
    clientAddressKey(headers, deps.trustedProxies ?? 0),
    "the unsubscribe page per address",
  );
}

export function handleUnsubscribePage(
  deps: UnsubscribeDeps,
  token: string,
  headers: Headers = new Headers(),
): Promise<Response> {
  return respond("unsubscribe page", async () => {
    return (await refuseOverAddressLimit(deps, headers)) ?? showPreferences(deps, token);
  });
}

export function handleUnsubscribePost(req: Request, deps: UnsubscribeDeps, token: string): Promise<Response> {
  return respond("unsubscribe", async () => {
    const limited = await refuseOverAddressLimit(deps, req.headers);
    if (limited) return limited;
    // 16 KB: a one-click body is 26 bytes and the preference form a few topic ids.
    const capped = await capRequestBody(req, BODY_LIMITS.form);
    if (capped instanceof Response) return capped;
    return changePreferences(capped, deps, token);
  });
}

async function showPreferences(deps: UnsubscribeDeps, token: string): Promise<Response> {
  if (!deps.secret) return notConfigured();
  const target = await findUnsubscribeTarget(deps.db, deps.secret, token);
  return target ? renderPreferences(target) : invalidLink();
}

async function changePreferences(req: Request, deps: UnsubscribeDeps, token: string): Promise<Response> {
  if (!deps.secret) return notConfigured();
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return badRequest();
  }
  if (form.get("List-Unsubscribe") === "One-Click") {
    const result = await unsubscribeOneClick(deps.db, deps.secret, token);
    if (!result) return invalidLink();
    return renderPreferences(
      result.target,
      result.scope === "topic" ? `You will no longer receive "${result.topicName}" emails.` : undefined,
    );
  }
  const action = form.get("action");
  if (action === "all") {
    const target = await unsubscribeByToken(deps.db, deps.secret, token);
    return target ? renderPreferences(target) : invalidLink();
  }
  if (action === "save") {
    const topicIds = form.getAll("topic").filter((value): value is string => typeof value === "string");
    const saved = await savePreferencesByToken(deps.db, deps.secret, token, topicIds);
    if (!saved) return invalidLink();
    if (saved.status === "needs_fresh_link") return renderFreshLinkOffer(saved.target);
    return renderPreferences(saved.target, "Your preferences are saved.");
  }
  if (action === "send_link") {
    const result = await mailFreshPreferenceLink(deps.db, { secret: deps.secret, publicUrl: deps.publicUrl }, token, {
      outbound: deps.outbound,
    });
    return result ? renderFreshLinkResult(result) : invalidLink();
  }
  return badRequest();
}
