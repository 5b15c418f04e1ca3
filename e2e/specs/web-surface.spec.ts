// The web surface against the running product (docs/security.md): security headers on a page
// and no X-Powered-By, a foreign Host refused, a cross-site multipart tRPC mutation from a real
// browser page refused, while ingest stays open to any origin with a write key (and, answered by
// the web server before Next.js, gets the same Host check and headers); a client cannot
// pick its own address (the audit log records the socket's, whatever headers it sends).
import { request as httpRequest } from "node:http";
import { expect, test } from "../helpers/auth";
import { writeKey } from "../helpers/ingest";

function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

test("pages carry the security headers; foreign hosts are refused", async ({ page, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const response = await page.goto("/overview");
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
  // Next put the nonce on its own scripts: the page is interactive.
  await expect(page.getByRole("link", { name: "Journeys" }).first()).toBeVisible();

  expect(await getWithHost(new URL("/api/health", baseURL).toString(), "attacker.example")).toBe(421);
  expect(await getWithHost(new URL("/api/health", baseURL).toString(), "127.0.0.1")).toBe(200);
});

test("a cross-site form post to tRPC is refused; ingest stays open to any origin", async ({
  page,
  baseURL,
  request,
}) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const target = new URL("/api/trpc/workspaces.create", baseURL).toString();
  // An attacker's page, served by Playwright under a foreign origin, posts a multipart form
  // (no preflight) to the product with whatever cookies the browser would send.
  await page.route("http://attacker.test/**", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<form method="post" enctype="multipart/form-data" action="${target}">
        <input name="0" value='{"json":{"name":"pwned"}}'></form>
        <script>document.forms[0].submit()</script>`,
    }),
  );
  const refused = page.waitForResponse((res) => res.url().startsWith(target));
  await page.goto("http://attacker.test/");
  expect((await refused).status()).toBe(403);

  const sameSiteMultipart = await request.post(target, { multipart: { "0": '{"json":{"name":"x"}}' } });
  expect(sameSiteMultipart.status()).toBe(415);

  const ingest = await request.post(new URL("/api/v1/track", baseURL).toString(), {
    headers: {
      origin: "https://shop.example",
      authorization: `Basic ${Buffer.from(`${writeKey()}:`).toString("base64")}`,
    },
    data: { userId: "surface-user", event: "surface_checked", messageId: crypto.randomUUID() },
  });
  expect(ingest.status()).toBe(200);
  expect(ingest.headers()["access-control-allow-origin"]).toBe("*");
});

test("ingest, answered by the web server before Next.js, gets the surface's Host check and headers; other methods and paths still reach Next", async ({
  baseURL,
  request,
}) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const auth = { authorization: `Basic ${Buffer.from(`${writeKey()}:`).toString("base64")}` };
  const tracked = await request.post("/v1/track", {
    headers: auth,
    data: { userId: "surface-user", event: "surface_headers", messageId: crypto.randomUUID() },
  });
  expect(tracked.status()).toBe(200);
  expect(tracked.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(tracked.headers()["x-frame-options"]).toBe("DENY");
  expect(tracked.headers()["x-content-type-options"]).toBe("nosniff");
  expect(tracked.headers()["x-powered-by"]).toBeUndefined();
  const preflight = await request.fetch("/api/v1/batch", { method: "OPTIONS" });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["content-security-policy"]).toContain("default-src 'none'");

  const foreignHost = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(new URL("/api/v1/track", baseURL), {
      method: "POST",
      headers: { host: "attacker.example", "content-type": "application/json", ...auth },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(JSON.stringify({ userId: "surface-user", event: "x" }));
  });
  expect(foreignHost).toBe(421);

  // Not ingest calls: Next's own answers, as before.
  expect((await request.get("/api/v1/track")).status()).toBe(405);
  const unknown = await request.post("/api/v1/nothing-here", { headers: auth, data: {} });
  expect(unknown.status()).toBe(404);
  expect(((await unknown.json()) as { error: string }).error).toContain("No API endpoint POST /api/v1/nothing-here");
});

test("the audit log records the socket's address, not one the client wrote", async ({ page }) => {
  await page.goto("/overview");
  const forged = {
    "x-forwarded-for": "203.0.113.99",
    "x-real-ip": "203.0.113.98",
    "x-mailstream-peer": "203.0.113.97",
  };
  const name = `E2E address ${Date.now()}`;
  const created = await page.request.post("/api/trpc/topics.create", {
    headers: forged,
    data: { json: { name, defaultMode: "opt_out" } },
  });
  expect(created.status()).toBe(200);
  const query = encodeURIComponent(JSON.stringify({ json: { action: "topic.create", limit: 20 } }));
  const listed = await page.request.get(`/api/trpc/audit.list?input=${query}`);
  const body = (await listed.json()) as {
    result: { data: { json: { items: { target: { label: string | null }; sourceAddress: string | null }[] } } };
  };
  const row = body.result.data.json.items.find((item) => item.target.label === name);
  expect(row?.sourceAddress).toMatch(/^(127\.0\.0\.1|::1)$/);
});
