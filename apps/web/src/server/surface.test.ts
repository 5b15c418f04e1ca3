// The web surface's guards as the middleware applies them: allowed hosts, cross-site writes
// refused (a cross-origin multipart tRPC mutation in particular) while ingest stays open, and
// the headers every response carries.
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, crossSiteRefusal, isAllowedHost, securityHeaders } from "./surface";

const publicUrl = new URL("https://mail.example.com");

describe("isAllowedHost", () => {
  it("accepts the public URL's host and loopback names on any port, nothing else", () => {
    expect(isAllowedHost("mail.example.com", publicUrl)).toBe(true);
    expect(isAllowedHost("MAIL.example.com", publicUrl)).toBe(true);
    expect(isAllowedHost("127.0.0.1:3000", publicUrl)).toBe(true);
    expect(isAllowedHost("localhost:41234", publicUrl)).toBe(true);
    expect(isAllowedHost("[::1]:3000", publicUrl)).toBe(true);
    expect(isAllowedHost("mail.example.com:8443", publicUrl)).toBe(false);
    expect(isAllowedHost("attacker.example", publicUrl)).toBe(false);
    expect(isAllowedHost("localhost.attacker.example", publicUrl)).toBe(false);
    expect(isAllowedHost("127.0.0.1@attacker.example", publicUrl)).toBe(false);
    expect(isAllowedHost(null, publicUrl)).toBe(false);
  });
});

describe("crossSiteRefusal", () => {
  const post = (pathname: string, headers: Record<string, string>) => ({
    method: "POST",
    pathname,
    headers: new Headers({ host: "mail.example.com", ...headers }),
  });

  it("refuses a cross-origin multipart/form-data or text/plain tRPC mutation with the cookie", () => {
    for (const contentType of ["multipart/form-data; boundary=x", "text/plain"]) {
      const request = post("/api/trpc/settings.update", {
        origin: "https://attacker.example",
        "content-type": contentType,
        cookie: "better-auth.session_token=abc",
      });
      expect(crossSiteRefusal(request, publicUrl)).toContain("https://attacker.example");
    }
  });

  it("refuses Sec-Fetch-Site: cross-site and an opaque origin, on sign-in too", () => {
    expect(crossSiteRefusal(post("/api/trpc/x", { "sec-fetch-site": "cross-site" }), publicUrl)).toContain(
      "cross-site",
    );
    expect(crossSiteRefusal(post("/api/auth/sign-in/email", { origin: "null" }), publicUrl)).not.toBeNull();
  });

  it("lets same-origin writes, server-side clients (no Origin) and safe methods through", () => {
    expect(crossSiteRefusal(post("/api/trpc/x", { origin: "https://mail.example.com" }), publicUrl)).toBeNull();
    expect(crossSiteRefusal(post("/api/trpc/x", { "sec-fetch-site": "same-origin" }), publicUrl)).toBeNull();
    expect(crossSiteRefusal(post("/api/trpc/x", {}), publicUrl)).toBeNull();
    const local = {
      method: "POST",
      pathname: "/api/trpc/x",
      headers: new Headers({ host: "localhost:3000", origin: "http://localhost:3000" }),
    };
    expect(crossSiteRefusal(local, publicUrl)).toBeNull();
    const get = {
      method: "GET",
      pathname: "/api/trpc/x",
      headers: new Headers({ origin: "https://attacker.example" }),
    };
    expect(crossSiteRefusal(get, publicUrl)).toBeNull();
  });

  it("keeps ingest, tracking, unsubscribe and webhooks open to any origin", () => {
    const foreign = { origin: "https://shop.example", "sec-fetch-site": "cross-site" };
    for (const pathname of ["/v1/track", "/api/v1/batch", "/unsubscribe/tok", "/api/webhooks/resend", "/t/c/tok"]) {
      expect(crossSiteRefusal(post(pathname, foreign), publicUrl)).toBeNull();
    }
  });
});

describe("headers", () => {
  it("a CSP with the nonce, no inline script, inline styles, no framing", () => {
    const nonce = createNonce();
    expect(nonce).not.toBe(createNonce());
    const csp = contentSecurityPolicy(nonce, false);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy(nonce, true)).toContain("'unsafe-eval'");
  });

  it("HSTS only behind https", () => {
    expect(securityHeaders(publicUrl)).toMatchObject({
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "strict-transport-security": expect.stringContaining("max-age="),
    });
    expect(securityHeaders(new URL("http://localhost:3000"))).not.toHaveProperty("strict-transport-security");
  });
});
