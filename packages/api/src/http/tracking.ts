// GET /t/o/<token> (open pixel) and GET /t/c/<token> (click redirect). A bad token is a
// 404 — never a redirect — and tracking failures never break the pixel a reader sees.
import type { Db } from "@mailstream/db/client";
import type { OutboundGuard } from "@mailstream/net";
import { recordClick, recordOpen } from "@mailstream/core/tracking/tracking";
import { edgeLimitsFor, refuseOverLimit, type EdgeLimits } from "./edge-limits";
import { respond } from "./responses";

/**
 * `secret` is MAILSTREAM_SECRET; a deployment without one cannot verify any token.
 * `publicUrl` is MAILSTREAM_PUBLIC_URL: links to our own host are always approved. `limits` as in HttpDeps.
 */
export type TrackingDeps = {
  db: Db;
  secret: string | undefined;
  publicUrl: string;
  limits?: EdgeLimits;
  /** Mailing a fresh preference link connects to the workspace's transport through it. */
  outbound?: OutboundGuard;
  /** MAILSTREAM_TRUST_PROXY (auth/client-address.ts): the unsubscribe page limits per client address. */
  trustedProxies?: number | undefined;
};

/** Per token, never per address: image proxies fetch for millions of readers from a few addresses. */
function refuseOverTokenLimit(deps: TrackingDeps, token: string): Promise<Response | null> {
  return refuseOverLimit((deps.limits ?? edgeLimitsFor(deps.db)).tracking, token, "tracking per link");
}

export function notConfigured(): Response {
  return new Response("Tracking is not configured (MAILSTREAM_SECRET is not set).", {
    status: 503,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

// A transparent 1×1 GIF.
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

const NO_CACHE = {
  "cache-control": "no-store, no-cache, must-revalidate, max-age=0",
  pragma: "no-cache",
  expires: "0",
};

function notFound(): Response {
  return new Response("Not found", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8", ...NO_CACHE },
  });
}

// Plain text, so the address is shown and never followed: the reader can still copy it if they trust it.
function unapprovedLink(url: string): Response {
  return new Response(
    `This link was not opened: it leads to ${new URL(url).host}, which the sender has not approved for tracked links.\n\n${url}\n`,
    { status: 403, headers: { "content-type": "text/plain; charset=utf-8", ...NO_CACHE } },
  );
}

export function handleOpenPixel(deps: TrackingDeps, token: string): Promise<Response> {
  return respond("open pixel", async () => {
    if (!deps.secret) return notConfigured();
    const limited = await refuseOverTokenLimit(deps, token);
    if (limited) return limited;
    if (!(await recordOpen(deps.db, deps.secret, token))) return notFound();
    return new Response(new Uint8Array(PIXEL), { status: 200, headers: { "content-type": "image/gif", ...NO_CACHE } });
  });
}

export function handleClickRedirect(deps: TrackingDeps, token: string): Promise<Response> {
  return respond("click redirect", async () => {
    if (!deps.secret) return notConfigured();
    const limited = await refuseOverTokenLimit(deps, token);
    if (limited) return limited;
    const click = await recordClick(deps.db, { secret: deps.secret, publicUrl: deps.publicUrl }, token);
    if (!click) return notFound();
    if (click.status === "unapproved") return unapprovedLink(click.url);
    return new Response(null, {
      status: 302,
      headers: { location: click.url, "cache-control": "no-store", "referrer-policy": "no-referrer" },
    });
  });
}
