// Every request but static files passes here (Node runtime). In order: the Host must be
// allowed (421 otherwise), a write to a session-authenticated route must not come from
// another site (403), and a page without the session cookie is sent to /sign-in. Every
// response gets the security headers; pages get a CSP with a fresh script nonce, which Next
// reads from the request's CSP header and puts on its own scripts (server/surface.ts).
// Only the cookie's presence is checked here; the root layout verifies the session
// (server/session.ts), and every API call is authorized on the server.
import { NextResponse, type NextRequest } from "next/server";
import { getSurfaceEnv } from "./server/env";
import { isPublicPage, PATHNAME_HEADER } from "./server/pathname-header";
import {
  apiResponseHeaders,
  contentSecurityPolicy,
  createNonce,
  crossSiteRefusal,
  hostRefusal,
  isOpenToAnyOrigin,
  securityHeaders,
} from "./server/surface";

/** better-auth's session cookie, plain on http and `__Secure-` prefixed on https. */
const SESSION_COOKIES = ["better-auth.session_token", "__Secure-better-auth.session_token"];

/** API and public routes answer for themselves; everything else is a page behind sign-in. */
function isPage(pathname: string): boolean {
  return !pathname.startsWith("/api/") && !isOpenToAnyOrigin(pathname);
}

function refuse(status: number, error: string, headers: Record<string, string>): NextResponse {
  return NextResponse.json({ success: false, error }, { status, headers });
}

export function middleware(request: NextRequest): NextResponse {
  const { publicUrl, isDevelopment } = getSurfaceEnv();
  const headersOut = securityHeaders(publicUrl);
  const { pathname, search } = request.nextUrl;

  const wrongHost = hostRefusal(request.headers.get("host"), publicUrl);
  if (wrongHost) return refuse(421, wrongHost, headersOut);
  const crossSite = crossSiteRefusal({ method: request.method, pathname, headers: request.headers }, publicUrl);
  if (crossSite) return refuse(403, crossSite, headersOut);

  if (!isPage(pathname)) {
    const response = NextResponse.next();
    for (const [name, value] of Object.entries(apiResponseHeaders(publicUrl))) response.headers.set(name, value);
    return response;
  }

  const hasCookie = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasCookie && !isPublicPage(pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
    const redirect = NextResponse.redirect(url);
    for (const [name, value] of Object.entries(headersOut)) redirect.headers.set(name, value);
    return redirect;
  }

  const csp = contentSecurityPolicy(createNonce(), isDevelopment);
  const headers = new Headers(request.headers);
  headers.set(PATHNAME_HEADER, pathname);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(headersOut)) response.headers.set(name, value);
  return response;
}

export const config = {
  runtime: "nodejs",
  // Everything but Next's static files and the favicon.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico).*)"],
};
