// Pages need a session: without the session cookie a page request is sent to /sign-in (with
// the page to come back to). The pages of signing in and joining (isPublicPage) are open. Only the cookie's presence is checked here (the edge has no
// database); the root layout verifies the session itself (server/session.ts), and every API
// call is authorized on the server. API, ingest, tracking and unsubscribe routes guard
// themselves (server/route-access.ts) and are not matched.
import { NextResponse, type NextRequest } from "next/server";
import { isPublicPage, PATHNAME_HEADER } from "./server/pathname-header";

/** better-auth's session cookie, plain on http and `__Secure-` prefixed on https. */
const SESSION_COOKIES = ["better-auth.session_token", "__Secure-better-auth.session_token"];

export function middleware(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const headers = new Headers(request.headers);
  headers.set(PATHNAME_HEADER, pathname);
  const hasCookie = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasCookie && !isPublicPage(pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Everything but API routes, Segment's /v1 paths, tracking, unsubscribe and static files.
  matcher: ["/((?!api/|v1/|t/|unsubscribe/|_next/|favicon\\.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
