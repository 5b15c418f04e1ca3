// Sign-in through better-auth's real handler on the test database: cookies, sign-out, open
// sign-up off, one answer for a wrong password and an unknown address, and the per-account
// and per-address limits (429) built on the one rate limiter.
import { randomUUID } from "node:crypto";
import {
  cookieFrom,
  createMemberSession,
  signIn,
  testAuth,
  testDatabase,
  TEST_AUTH_BASE_URL,
} from "@mailstream/testing/auth-fixtures";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { describe, expect, it } from "vitest";
import { resolveSession } from "./actor";
import { createRateLimiter, RateLimitedError } from "./rate-limit";
import { PEER_ADDRESS_HEADER } from "./client-address";
import { createAuth, SIGN_IN_LIMITED_MESSAGE } from "./server";

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${TEST_AUTH_BASE_URL}/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: TEST_AUTH_BASE_URL, ...headers },
    body: JSON.stringify(body),
  });
}

describe("sign-in", () => {
  it("sets an httpOnly SameSite=Lax session cookie whose session resolves to the member's workspace, until sign-out", async () => {
    const db = testDatabase();
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const member = await createMemberSession(db, workspaceId, "marketer");
    const auth = testAuth(db);
    const again = await signIn(auth, member.email, member.password);
    const setCookie = again.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // http public URL
    const resolved = await resolveSession(auth, db, new Headers({ cookie: member.cookie }));
    expect(resolved).toMatchObject({ status: "member", workspaceId, role: "marketer" });

    const out = await auth.handler(post("/sign-out", {}, { cookie: member.cookie }));
    expect(out.status).toBe(200);
    expect(await resolveSession(auth, db, new Headers({ cookie: member.cookie }))).toEqual({ status: "signed-out" });
  });

  it("marks cookies Secure when the public URL is https", async () => {
    const db = testDatabase();
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const member = await createMemberSession(db, workspaceId, "analyst");
    const https = createAuth({
      db,
      secret: "test-only-auth-secret-0123456789abcdef",
      baseURL: "https://mail.example.test",
    });
    const response = await https.handler(
      new Request("https://mail.example.test/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://mail.example.test" },
        body: JSON.stringify({ email: member.email, password: member.password }),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().join("\n")).toMatch(/__Secure-.*;.*Secure/i);
  });

  it("answers a wrong password and an unknown address with the same 401, and sets no cookie", async () => {
    const db = testDatabase();
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const member = await createMemberSession(db, workspaceId, "developer");
    const auth = testAuth(db);
    const wrong = await signIn(auth, member.email, "not-the-password");
    const unknown = await signIn(auth, `nobody-${randomUUID()}@members.mailstream.test`, "not-the-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(cookieFrom(wrong)).toBe("");
  });

  it("refuses sign-up unless the instance opens it", async () => {
    const db = testDatabase();
    const email = `new-${randomUUID()}@members.mailstream.test`;
    const closed = await testAuth(db).handler(
      post("/sign-up/email", { email, password: "long-enough-password", name: "New" }),
    );
    expect(closed.status).toBeGreaterThanOrEqual(400);
    expect(await signIn(testAuth(db), email, "long-enough-password")).toHaveProperty("status", 401);
    const open = createAuth({
      db,
      secret: "test-only-auth-secret-0123456789abcdef",
      baseURL: TEST_AUTH_BASE_URL,
      openSignUp: true,
    });
    expect(
      (await open.handler(post("/sign-up/email", { email, password: "long-enough-password", name: "New" }))).status,
    ).toBe(200);
  });
});

describe("failed sign-in limits", () => {
  it("limits one account (whatever the address), with the same 429 for an unknown address", async () => {
    const db = testDatabase();
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const member = await createMemberSession(db, workspaceId, "analyst");
    const auth = createAuth({
      db,
      secret: "test-only-auth-secret-0123456789abcdef",
      baseURL: TEST_AUTH_BASE_URL,
      signInLimits: {
        account: { name: `acct-${randomUUID()}`, points: 3 },
        address: { name: `addr-${randomUUID()}`, points: 100 },
      },
    });
    for (let i = 0; i < 3; i++) expect((await signIn(auth, member.email, "wrong")).status).toBe(401);
    // Each attempt comes from another address (signIn picks one): the account limit holds.
    const limited = await signIn(auth, member.email, member.password);
    expect(limited.status).toBe(429);
    expect((await limited.json()) as { message: string }).toMatchObject({ message: SIGN_IN_LIMITED_MESSAGE });
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);

    const ghost = `ghost-${randomUUID()}@members.mailstream.test`;
    for (let i = 0; i < 3; i++) expect((await signIn(auth, ghost, "wrong")).status).toBe(401);
    const ghostLimited = await signIn(auth, ghost, "wrong");
    expect(ghostLimited.status).toBe(429);
    expect(await ghostLimited.json()).toEqual(
      (await signIn(auth, member.email, "wrong").then((r) => r.json())) as unknown,
    );
  });

  it("limits one address across accounts", async () => {
    const db = testDatabase();
    const auth = createAuth({
      db,
      secret: "test-only-auth-secret-0123456789abcdef",
      baseURL: TEST_AUTH_BASE_URL,
      signInLimits: {
        account: { name: `acct-${randomUUID()}`, points: 100 },
        address: { name: `addr-${randomUUID()}`, points: 2 },
      },
    });
    const from = { [PEER_ADDRESS_HEADER]: "203.0.113.7" };
    const attempt = (email: string) => auth.handler(post("/sign-in/email", { email, password: "wrong" }, from));
    expect((await attempt(`a-${randomUUID()}@x.mailstream.test`)).status).toBe(401);
    expect((await attempt(`b-${randomUUID()}@x.mailstream.test`)).status).toBe(401);
    expect((await attempt(`c-${randomUUID()}@x.mailstream.test`)).status).toBe(429);
  });
});

describe("createRateLimiter", () => {
  it("counts in Postgres: a second limiter with the same name (another process) sees the same points", async () => {
    const db = testDatabase();
    const name = `shared-${randomUUID()}`;
    const first = createRateLimiter(db, { name, points: 2, durationSeconds: 60 });
    const second = createRateLimiter(db, { name, points: 2, durationSeconds: 60 });
    await first.spend("k");
    await second.spend("k");
    await expect(first.check("k", "slow down")).rejects.toBeInstanceOf(RateLimitedError);
    await second.reset("k");
    await expect(first.check("k", "slow down")).resolves.toBeUndefined();
  });
});
