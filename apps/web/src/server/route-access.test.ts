// The route walk: every route.ts under src/app is declared in ROUTE_ACCESS, and each answers
// as its class says when called for real (the route module itself, over the test database):
// secret-key routes refuse no key / a write key (401) and a role without the permission (403);
// ingest refuses no key; tRPC refuses no session; signed-token and signed-webhook routes refuse
// forgeries; auth answers a wrong password with 401; an invitation accept refuses a forged token.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ROLES, roleHas } from "@mailstream/auth/permissions";
import { testDatabase } from "@mailstream/testing/auth-fixtures";
import { testEnv } from "@mailstream/testing/test-env";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTE_ACCESS, type HttpMethod } from "./route-access";

const APP_DIR = fileURLToPath(new URL("../app", import.meta.url));
const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

const routes = routeFiles(APP_DIR).map((file) => ({
  file,
  route: `/${path.relative(APP_DIR, path.dirname(file)).split(path.sep).join("/")}`,
}));

type Handler = (req: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response> | Response;
const PARAMS = { userId: "walk-user", token: "forged.token", all: ["sign-in", "email"], path: ["no", "such"] };

function urlFor(route: string, method: HttpMethod): string {
  // tRPC answers GET for queries and POST for mutations only.
  const procedure = method === "GET" ? "journeys.list" : "journeys.create";
  const concrete = route
    .replace("[userId]", "walk-user")
    .replace("[token]", "forged.token")
    .replace("[trpc]", procedure)
    .replace("[...all]", "sign-in/email")
    .replace("[...path]", "no/such");
  return `http://127.0.0.1:3000${concrete}`;
}

async function callRoute(
  file: string,
  method: HttpMethod,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<Response> {
  const mod = (await import(file)) as Record<string, Handler>;
  const handler = mod[method] as Handler;
  const route = routes.find((r) => r.file === file)?.route ?? "";
  const init: RequestInit = {
    method,
    headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000", ...headers },
  };
  if (method !== "GET" && method !== "DELETE") init.body = JSON.stringify(body ?? {});
  return handler(new Request(urlFor(route, method), init), { params: Promise.resolve(PARAMS) });
}

describe("every route.ts is declared", () => {
  it("is in ROUTE_ACCESS, and ROUTE_ACCESS names no route that is gone", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(
      routes.map((r) => r.route).filter((route) => !ROUTE_ACCESS[route]),
      "routes missing from src/server/route-access.ts",
    ).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((route) => !routes.some((r) => r.route === route))).toEqual([]);
  });
});

describe("route walk against the real database", () => {
  const keys = new Map<string, string>();
  let writeKey = "";

  beforeAll(async () => {
    const env = testEnv();
    // The route modules read the web env (src/server/env.ts) on first use.
    process.env.DATABASE_URL = env.databaseUrl;
    process.env.TEMPORAL_ADDRESS = env.temporalAddress;
    process.env.MAILSTREAM_SECRET ??= "route-walk-secret-0123456789";
    const db = testDatabase();
    for (const role of ROLES.filter((r) => r !== "owner")) {
      const ws = await createWorkspaceWithKeys(db, role);
      keys.set(role, ws.secretKey);
      writeKey = ws.writeKey;
    }
  });

  for (const { file, route } of routes) {
    const access = ROUTE_ACCESS[route];
    if (!access) continue;
    it(`${route} (${access.class}) is guarded`, async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      const methods = METHODS.filter((method) => typeof mod[method] === "function");
      expect(methods.length, `${route} exports no handler`).toBeGreaterThan(0);
      for (const method of methods) {
        const anonymous = await callRoute(file, method);
        switch (access.class) {
          case "secret-key": {
            const permission = access.permissions[method];
            expect(permission, `${route} ${method} has no permission in route-access.ts`).toBeDefined();
            expect(anonymous.status, `${route} ${method} without a key`).toBe(401);
            expect((await callRoute(file, method, { authorization: `Bearer ${writeKey}` })).status).toBe(401);
            for (const [role, key] of keys) {
              const status = (await callRoute(file, method, { authorization: `Bearer ${key}` })).status;
              // Allowed keys get past auth: the walk's contact does not exist (404); a list answers 200.
              if (roleHas(role as never, permission as never))
                expect([200, 404], `${route} ${method} as ${role}`).toContain(status);
              else expect(status, `${route} ${method} as ${role}`).toBe(403);
            }
            break;
          }
          case "ingest":
            expect(anonymous.status, `${route} ${method} without a key`).toBe(401);
            break;
          case "trpc":
            expect(anonymous.status, `${route} ${method} without a session`).toBe(401);
            break;
          case "auth":
            if (method === "POST") {
              const wrong = await callRoute(
                file,
                method,
                {},
                { email: "nobody@walk.mailstream.test", password: "wrong-password" },
              );
              expect(wrong.status).toBe(401);
            }
            break;
          case "webhook":
            expect(anonymous.status, `${route} ${method} without a signature`).toBeGreaterThanOrEqual(400);
            expect(anonymous.status).not.toBe(500);
            break;
          case "tracking":
          case "unsubscribe":
            // A forged token records nothing: no 2xx side effect page, never a crash. The open
            // pixel answers its GIF whatever the token (mail clients must not see errors).
            expect(anonymous.status, `${route} ${method} with a forged token`).toBeLessThan(500);
            if (route !== "/t/o/[token]") expect(anonymous.status).toBeGreaterThanOrEqual(300);
            break;
          case "invitation": {
            // No token is a 400; a forged one creates nothing and signs nobody in.
            expect(anonymous.status, `${route} ${method} without a token`).toBe(400);
            const forged = await callRoute(
              file,
              method,
              {},
              {
                token: "forged-token",
                name: "Walker",
                password: "long-enough-password",
              },
            );
            expect(forged.status).toBe(404);
            expect(forged.headers.getSetCookie()).toEqual([]);
            break;
          }
          case "health":
            expect([200, 503]).toContain(anonymous.status);
            break;
          case "not-found":
            expect(anonymous.status, `${route} ${method}`).toBe(404);
            expect(anonymous.headers.get("content-type")).toMatch(/^application\/json/);
            expect(await anonymous.json()).toMatchObject({
              success: false,
              error: expect.stringContaining("/no/such"),
            });
            break;
        }
      }
    });
  }
});
