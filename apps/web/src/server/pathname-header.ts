// The request header through which the middleware tells the root layout which page is asked
// for (a layout cannot see the URL). The middleware always overwrites it.
export const PATHNAME_HEADER = "x-mailstream-pathname";

/**
 * Pages for people who are not signed in (yet): signing in, the password reset pair, the
 * verification landing and an invitation's accept page. They render without the shell; the
 * middleware lets them through without a session cookie.
 */
export function isPublicPage(pathname: string): boolean {
  return (
    ["/sign-in", "/forgot-password", "/reset-password", "/verify-email"].includes(pathname) ||
    /^\/invite\/[^/]+$/.test(pathname)
  );
}
