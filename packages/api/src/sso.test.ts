// Single sign-on against a real OpenID Connect provider (oidc-provider on 127.0.0.1, started
// here): the whole authorization-code flow over HTTP — better-auth's handler on our side, the
// provider's real login, consent, token, JWKS and userinfo endpoints on the other — with a
// cookie jar per side. Covers domain rules (join with the rule's role, audit row, no re-add
// after removal), no rule (no workspace), an unverified email, a tampered state, a token for
// another audience, an issuer on a private address without the allow-list, and who may read
// or change the settings.
import { randomUUID } from "node:crypto";
import { addInstanceOwner } from "@mailstream/auth/instance-owner";
import { verifyIdToken, discover } from "@mailstream/auth/sso-oidc";
import { createSsoOptions } from "@mailstream/api/sso";
import { createContextFactory } from "@mailstream/api/trpc";
import { findSecurityEventsByEmail, findRecentSecurityEvents } from "@mailstream/db/queries/security-events";
import { createOutboundGuard } from "@mailstream/net";
import { createMemberSession, TEST_AUTH_BASE_URL, testAuth, type TestMember } from "@mailstream/testing/auth-fixtures";
import { startOidcProvider, type TestOidcProvider } from "@mailstream/testing/oidc-provider";
import { callerWithCookie, catchTRPCError, testDb, testDeps } from "@mailstream/testing/test-caller";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { importJWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SECRET = "sso-test-mailstream-secret-0123456789abcdef";
const CALLBACK = `${TEST_AUTH_BASE_URL}/api/auth/sso/callback`;
const db = testDb();

let idp: TestOidcProvider;
let owner: TestMember;

/** Our better-auth with SSO whose outbound guard allows (or not) this machine. */
function ssoAuth(allow: string | null = "127.0.0.1") {
  return testAuth(db, {
    sso: createSsoOptions({ db, secret: SECRET, outbound: createOutboundGuard({ allow: allow ?? undefined }) }),
  });
}

/** The web app's context with MAILSTREAM_SECRET set (it seals the client secret). */
const withSecret = () => createContextFactory({ ...testDeps(), auth: testAuth(db), secret: SECRET });

function ownerCaller() {
  return callerWithCookie(owner.cookie, withSecret());
}

function cookiesOf(response: Response, jar: Map<string, string>): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, ...value] = (pair ?? "").split("=");
    if (!name) continue;
    if (/max-age=0/i.test(line)) jar.delete(name.trim());
    else jar.set(name.trim(), value.join("="));
  }
}

const header = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

interface FlowResult {
  /** Where our callback sent the browser. */
  location: string;
  /** Our cookies after the callback (the session when signed in). */
  cookie: string;
  signedIn: boolean;
}

/**
 * A browser signing in with SSO: start at our endpoint, follow the provider's redirects (login
 * and consent answered by the provider's test screens) until it sends the browser back to our
 * callback, then call the callback. `tamper` changes the callback URL before it is called.
 */
async function signInWithSso(
  accountId: string,
  auth = ssoAuth(),
  tamper: (url: URL) => void = () => {},
): Promise<FlowResult> {
  const ours = new Map<string, string>();
  const theirs = new Map<string, string>();
  const start = await auth.handler(
    new Request(`${TEST_AUTH_BASE_URL}/api/auth/sign-in/sso`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_AUTH_BASE_URL },
      body: JSON.stringify({ callbackURL: "/overview" }),
    }),
  );
  expect(start.status, await start.clone().text()).toBe(200);
  cookiesOf(start, ours);
  idp.loginAs(accountId);
  let url = ((await start.json()) as { url: string }).url;
  for (let hop = 0; hop < 12 && !url.startsWith(CALLBACK); hop += 1) {
    const response = await fetch(url, { redirect: "manual", headers: { cookie: header(theirs) } });
    cookiesOf(response, theirs);
    const next = response.headers.get("location");
    if (!next) throw new Error(`the provider stopped at ${url} with ${response.status}: ${await response.text()}`);
    url = new URL(next, url).toString();
  }
  const callback = new URL(url);
  tamper(callback);
  const done = await auth.handler(new Request(callback, { headers: { cookie: header(ours) } }));
  cookiesOf(done, ours);
  return {
    location: done.headers.get("location") ?? "",
    cookie: header(ours),
    signedIn: [...ours.keys()].some((name) => name.endsWith("session_token")),
  };
}

function person(domain: string, overrides: { emailVerified?: boolean } = {}) {
  const accountId = `acct-${randomUUID()}`;
  const email = `${accountId.slice(5, 17)}@${domain}`;
  idp.people.set(accountId, { email, emailVerified: overrides.emailVerified ?? true, name: "Sam SSO" });
  return { accountId, email };
}

beforeAll(async () => {
  idp = await startOidcProvider({ redirectUri: CALLBACK });
  const home = await createWorkspaceWithKeys(db);
  owner = await createMemberSession(db, home.workspaceId, "analyst");
  await addInstanceOwner(db, owner.userId);
  await ownerCaller().sso.save({
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    scopes: "openid email profile",
    enabled: true,
  });
});

afterAll(async () => {
  await idp?.close();
});

describe("single sign-on settings", () => {
  it("are the instance owner's alone, and the secret is never returned or logged", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const workspaceOwner = await createMemberSession(db, workspaceId, "owner");
    const refused = await catchTRPCError(() => callerWithCookie(workspaceOwner.cookie).sso.get());
    expect(refused.code).toBe("FORBIDDEN");
    const change = await catchTRPCError(() =>
      callerWithCookie(workspaceOwner.cookie).sso.save({
        issuer: "https://evil.example.com",
        clientId: "x",
        scopes: "openid email",
        enabled: false,
      }),
    );
    expect(change.code).toBe("FORBIDDEN");

    const seen = await ownerCaller().sso.get();
    expect(seen.settings).toMatchObject({ issuer: idp.issuer, enabled: true, hasClientSecret: true });
    expect(JSON.stringify(seen)).not.toContain(idp.clientSecret);
    const logged = await findSecurityEventsByEmail(db, [owner.email]);
    expect(logged.some((event) => event.kind === "sso_settings_changed")).toBe(true);
    expect(JSON.stringify(logged)).not.toContain(idp.clientSecret);

    const bad = await catchTRPCError(() =>
      ownerCaller().sso.save({ issuer: "ftp://x", clientId: "", scopes: "email", enabled: true }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    const owned = await catchTRPCError(() =>
      ownerCaller().sso.addRule({ domain: "example.com", workspaceId, role: "owner" as "admin" }),
    );
    expect(owned.code).toBe("BAD_REQUEST");
  });
});

describe("single sign-on against a real OIDC provider", () => {
  it("joins the workspaces of the email's domain rule with its role, once", async () => {
    const domain = `${randomUUID().slice(0, 8)}.sso.test`;
    const { workspaceId } = await createWorkspaceWithKeys(db);
    await ownerCaller().sso.addRule({ domain: `@${domain.toUpperCase()}`, workspaceId, role: "marketer" });
    const sam = person(domain);

    const first = await signInWithSso(sam.accountId);
    expect(first.location).toBe("/overview");
    expect(first.signedIn).toBe(true);
    const me = callerWithCookie(first.cookie);
    const current = await me.workspaces.current();
    expect(current.workspace?.id).toBe(workspaceId);
    expect(current.role).toBe("marketer");
    const { workspaces } = await me.workspaces.list();
    expect(workspaces.map((workspace) => workspace.workspaceId)).toEqual([workspaceId]);

    // The join is in that workspace's audit log, by the new member.
    const workspaceOwner = await createMemberSession(db, workspaceId, "owner");
    const audit = await callerWithCookie(workspaceOwner.cookie).audit.list({ action: "member.join" });
    expect(audit.items.map((item) => item.actor.label)).toContain(sam.email);

    // Removed, then signing in again: not added back.
    const members = await callerWithCookie(workspaceOwner.cookie).members.list();
    const samId = members.members.find((member) => member.email === sam.email)?.userId as string;
    await callerWithCookie(workspaceOwner.cookie).members.remove({ userId: samId });
    const again = await signInWithSso(sam.accountId);
    expect(again.signedIn).toBe(true);
    expect((await callerWithCookie(again.cookie).workspaces.list()).workspaces).toEqual([]);
  });

  it("signs in someone without a rule to no workspace", async () => {
    const nobody = person(`${randomUUID().slice(0, 8)}.no-rule.test`);
    const result = await signInWithSso(nobody.accountId);
    expect(result.signedIn).toBe(true);
    expect((await callerWithCookie(result.cookie).workspaces.list()).workspaces).toEqual([]);
    const refused = await catchTRPCError(() => callerWithCookie(result.cookie).workspaces.current());
    expect(refused.message).toMatch(/invited/);
  });

  it("refuses an email the provider has not verified, and links a verified one to the existing account", async () => {
    const domain = `${randomUUID().slice(0, 8)}.sso.test`;
    const unverified = person(domain, { emailVerified: false });
    const refused = await signInWithSso(unverified.accountId);
    expect(refused.signedIn).toBe(false);
    expect(refused.location).toBe(`${TEST_AUTH_BASE_URL}/sign-in?error=sso_email_unverified`);
    const logged = await findSecurityEventsByEmail(db, [unverified.email]);
    expect(logged.map((event) => event.kind)).toEqual(["sso_sign_in_refused"]);

    // A password account with the same (verified) address: the SSO identity becomes its second way in.
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const existing = await createMemberSession(db, workspaceId, "developer");
    const accountId = `acct-${randomUUID()}`;
    idp.people.set(accountId, { email: existing.email, emailVerified: true, name: "Existing" });
    const linked = await signInWithSso(accountId);
    expect(linked.signedIn).toBe(true);
    expect((await callerWithCookie(linked.cookie).workspaces.current()).role).toBe("developer");
  });

  it("refuses a tampered or missing state", async () => {
    const sam = person(`${randomUUID().slice(0, 8)}.sso.test`);
    const tampered = await signInWithSso(sam.accountId, ssoAuth(), (url) => url.searchParams.set("state", "forged"));
    expect(tampered.signedIn).toBe(false);
    expect(tampered.location).toMatch(/\/sign-in\?error=/);
    const missing = await signInWithSso(sam.accountId, ssoAuth(), (url) => url.searchParams.delete("state"));
    expect(missing.signedIn).toBe(false);
    expect(missing.location).toContain("error=sso_state_missing");
  });

  it("refuses an ID token issued for another audience, or with another nonce", async () => {
    const request = createSsoOptions({
      db,
      secret: SECRET,
      outbound: createOutboundGuard({ allow: "127.0.0.1" }),
    }).request;
    const discovery = await discover(request, idp.issuer);
    const provider = { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, scopes: ["openid"] };
    const key = await importJWK(idp.signingKey, "RS256");
    const token = (audience: string) =>
      new SignJWT({ nonce: "n-1", email: "x@sso.test", email_verified: true })
        .setProtectedHeader({ alg: "RS256", kid: "test-key" })
        .setIssuer(idp.issuer)
        .setSubject("someone")
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(key);
    await expect(verifyIdToken(request, discovery, provider, await token("another-client"), "n-1")).rejects.toThrow(
      /aud/,
    );
    await expect(verifyIdToken(request, discovery, provider, await token(idp.clientId), "n-2")).rejects.toThrow(
      /nonce/,
    );
    // The same token for us, with our nonce, passes: the refusals above are about audience and nonce.
    const identity = await verifyIdToken(request, discovery, provider, await token(idp.clientId), "n-1");
    expect(identity).toMatchObject({ subject: "someone", emailVerified: true });
  });

  it("refuses an issuer on a private address unless MAILSTREAM_OUTBOUND_ALLOW names it", async () => {
    const auth = ssoAuth(null);
    const response = await auth.handler(
      new Request(`${TEST_AUTH_BASE_URL}/api/auth/sign-in/sso`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_AUTH_BASE_URL },
        body: JSON.stringify({}),
      }),
    );
    expect(response.status).toBe(502);
    expect(((await response.json()) as { message: string }).message).toMatch(/127\.0\.0\.1/);
    const recent = await findRecentSecurityEvents(db, 5);
    expect(JSON.stringify(recent)).not.toContain(idp.clientSecret);
  });
});
