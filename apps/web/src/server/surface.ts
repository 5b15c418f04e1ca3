// The web surface's guards, as pure functions the middleware applies to every request
// (docs/security.md): only allowed Host headers (DNS rebinding, cache poisoning), no
// cross-site writes to the session-authenticated routes (CSRF: the Origin and
// Sec-Fetch-Site headers), and the response headers every page carries (CSP with a per-request
// script nonce, framing, referrer, HSTS behind https).

/** Loopback names the supervisor's health probes and a local browser use, on any port. */
const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Routes with their own guard that must stay open to any origin: ingest (analytics.js posts
 * cross-site with a write key, CORS), the secret-key REST API, tracking, unsubscribe (mailbox
 * providers post one-click from their servers), provider webhooks, health.
 */
const OPEN_TO_ANY_ORIGIN = [
  /^\/v1\//,
  /^\/api\/v1\//,
  /^\/t\//,
  /^\/unsubscribe\//,
  /^\/api\/webhooks\//,
  /^\/api\/health$/,
];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isAllowedHost(host: string | null, publicUrl: URL): boolean {
  if (!host) return false;
  const normalized = host.trim().toLowerCase();
  if (normalized === publicUrl.host.toLowerCase()) return true;
  let hostname: string;
  try {
    hostname = new URL(`http://${normalized}`).hostname;
  } catch {
    return false;
  }
  return LOOPBACK_HOSTNAMES.has(hostname);
}

/** Why a request's Host is refused (421), or null when this server answers for it. */
export function hostRefusal(host: string | null, publicUrl: URL): string | null {
  return isAllowedHost(host, publicUrl) ? null : `This server does not answer for host ${host ?? "(none)"}.`;
}

export function isOpenToAnyOrigin(pathname: string): boolean {
  return OPEN_TO_ANY_ORIGIN.some((pattern) => pattern.test(pathname));
}

/**
 * Why a write must be refused as cross-site, or null. A browser sends `Origin` with every
 * POST and `Sec-Fetch-Site` with every request; a server-side client (the SDK) sends
 * neither and authenticates with a key, not the cookie.
 */
export function crossSiteRefusal(
  request: { method: string; pathname: string; headers: Headers },
  publicUrl: URL,
): string | null {
  if (SAFE_METHODS.has(request.method) || isOpenToAnyOrigin(request.pathname)) return null;
  if (request.headers.get("sec-fetch-site") === "cross-site") {
    return "Cross-site requests are not accepted here (Sec-Fetch-Site: cross-site).";
  }
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return `Requests from origin ${origin} are not accepted here.`;
  }
  const ownHost = request.headers.get("host")?.toLowerCase();
  if (originHost === publicUrl.host.toLowerCase() || originHost === ownHost) return null;
  return `Requests from origin ${origin} are not accepted here.`;
}

/** 16 random bytes, base64: a fresh script nonce per page view (Web Crypto, any runtime). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Scripts only from this origin and with the page's nonce ('strict-dynamic' lets Next's
 * nonced loader pull its chunks); inline styles are allowed because React Flow positions
 * nodes with style attributes. Email previews are `<iframe sandbox srcdoc>` (no scripts at
 * all) and inherit this policy: their images may come from anywhere, as in a mail client.
 * Development adds 'unsafe-eval' (React's dev tooling) and websockets (hot reload).
 */
export function contentSecurityPolicy(nonce: string, isDevelopment: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDevelopment ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    "font-src 'self' data:",
    `connect-src 'self'${isDevelopment ? " ws: wss:" : ""}`,
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Routes that are not pages (JSON, the pixel, the server-rendered unsubscribe page with its
 * inline style and self-posting forms) run no script at all.
 */
export const NON_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Every response of a route that is not a page: its CSP and the security headers. */
export function apiResponseHeaders(publicUrl: URL): Record<string, string> {
  return { "content-security-policy": NON_PAGE_CSP, ...securityHeaders(publicUrl) };
}

/** Headers on every response besides the CSP. */
export function securityHeaders(publicUrl: URL): Record<string, string> {
  return {
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
    // Only behind https: on plain http a browser ignores it, and it would pin a local install.
    ...(publicUrl.protocol === "https:" ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
