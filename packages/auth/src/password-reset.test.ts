// Password reset and email verification by link, through better-auth's real handler: the
// reset request answers the same for an unknown address, the link works once and signs every
// session out, requests are limited per address (429) and per account (silently), and a
// verification link marks the address verified and lands on /verify-email.
import { randomUUID } from "node:crypto";
import {
  cookieFrom,
  createMemberSession,
  signIn,
  testDatabase,
  TEST_AUTH_BASE_URL,
  TEST_AUTH_SECRET,
} from "@mailstream/testing/auth-fixtures";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { describe, expect, it } from "vitest";
import { resolveSession } from "./actor";
import { ensureMember } from "./members";
import { PEER_ADDRESS_HEADER } from "./client-address";
import { createAuth, type AuthConfig, type LinkEmail } from "./server";

/** An auth instance whose link emails are kept (the web app hands them to the system mailer). */
function authWithMailbox(overrides: Partial<AuthConfig> = {}) {
  const db = testDatabase();
  const sent: LinkEmail[] = [];
  const auth = createAuth({
    db,
    secret: TEST_AUTH_SECRET,
    baseURL: TEST_AUTH_BASE_URL,
    sendLinkEmail: async (email) => {
      sent.push(email);
    },
    resetLimits: { account: { name: `ra-${randomUUID()}` }, address: { name: `rd-${randomUUID()}` } },
    ...overrides,
  });
  /** The link emails are sent in the background: wait for `count` of them to `to`. */
  async function linksTo(to: string, count = 1): Promise<LinkEmail[]> {
    for (let i = 0; i < 100 && sent.filter((e) => e.to === to).length < count; i++)
      await new Promise((r) => setTimeout(r, 20));
    return sent.filter((e) => e.to === to);
  }
  return { db, auth, sent, linksTo };
}

function post(path: string, body: unknown, from = `10.7.${Math.floor(Math.random() * 255)}.1`): Request {
  return new Request(`${TEST_AUTH_BASE_URL}/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: TEST_AUTH_BASE_URL, [PEER_ADDRESS_HEADER]: from },
    body: JSON.stringify(body),
  });
}

describe("password reset", () => {
  it("answers alike for an unknown address; the link works once, sets the password and signs every session out", async () => {
    const { db, auth, sent, linksTo } = authWithMailbox();
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const member = await createMemberSession(db, workspaceId, "marketer", auth);
    const request = (email: string) =>
      auth.handler(post("/request-password-reset", { email, redirectTo: "/reset-password" }));
    const known = await request(member.email);
    const unknown = await request(`nobody-${randomUUID()}@members.mailstream.test`);
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(await known.json()).toEqual(await unknown.json());

    const [email] = await linksTo(member.email);
    expect(sent).toHaveLength(1);
    expect(email?.kind).toBe("password-reset");
    const landed = await auth.handler(new Request(email?.url as string));
    expect(landed.status).toBe(302);
    const location = new URL(landed.headers.get("location") as string, TEST_AUTH_BASE_URL);
    expect(location.pathname).toBe("/reset-password");
    const token = location.searchParams.get("token") as string;

    const reset = await auth.handler(post("/reset-password", { newPassword: "a-brand-new-password", token }));
    expect(reset.status).toBe(200);
    expect(await resolveSession(auth, db, new Headers({ cookie: member.cookie }))).toEqual({ status: "signed-out" });
    expect((await signIn(auth, member.email, member.password)).status).toBe(401);
    expect((await signIn(auth, member.email, "a-brand-new-password")).status).toBe(200);
    const reused = await auth.handler(post("/reset-password", { newPassword: "yet-another-password", token }));
    expect(reused.status).toBe(400);
    expect((await signIn(auth, member.email, "a-brand-new-password")).status).toBe(200);
  });

  it("limits requests per address with a 429 whatever the account, and per account by sending no more links", async () => {
    const { db, auth, sent, linksTo } = authWithMailbox({
      resetLimits: {
        account: { name: `ra-${randomUUID()}`, points: 1 },
        address: { name: `rd-${randomUUID()}`, points: 3 },
      },
    });
    const { workspaceId } = await createWorkspaceWithKeys(db);
    // No session needed: one password hash instead of two.
    const member = { email: `reset-${randomUUID()}@members.mailstream.test` };
    await ensureMember(db, { ...member, name: "Reset", password: `pw-${randomUUID()}`, workspaceId, role: "analyst" });
    const from = "203.0.113.77";
    const ask = (email: string) => auth.handler(post("/request-password-reset", { email }, from));
    const first = await ask(member.email);
    const again = await ask(member.email); // past the account's limit: the same answer, no email
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.json()).toEqual(await first.json());
    expect((await ask(`ghost-${randomUUID()}@members.mailstream.test`)).status).toBe(200);
    const limited = await ask(`ghost-${randomUUID()}@members.mailstream.test`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await linksTo(member.email)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 100)); // a second email would have been handed over by now
    expect(sent.filter((e) => e.to === member.email)).toHaveLength(1);
  });
});

describe("email verification", () => {
  it("sends a link on open sign-up that verifies the address and lands on /verify-email", async () => {
    const { auth, linksTo } = authWithMailbox({ openSignUp: true });
    const email = `new-${randomUUID()}@members.mailstream.test`;
    const signUp = await auth.handler(post("/sign-up/email", { email, password: "long-enough-password", name: "New" }));
    expect(signUp.status).toBe(200);
    const [link] = await linksTo(email);
    expect(link?.kind).toBe("email-verification");
    const forged = new URL(link?.url as string);
    forged.searchParams.set("token", "forged");
    const refused = await auth.handler(new Request(forged));
    expect(refused.headers.get("location")).toMatch(/^\/verify-email\?verified=1&error=INVALID_TOKEN$/);

    const landed = await auth.handler(new Request(link?.url as string));
    expect(landed.status).toBe(302);
    expect(landed.headers.get("location")).toBe("/verify-email?verified=1");
    const signedIn = await signIn(auth, email, "long-enough-password");
    const session = await auth.api.getSession({ headers: new Headers({ cookie: cookieFrom(signedIn) }) });
    expect(session?.user.emailVerified).toBe(true);
  });
});
