// Members and invitations through real sessions on the test database: an invitation's link
// (read from the outbox log line) accepted by signing up — once, atomically, and never when
// used, withdrawn or expired; who may grant which role; the last owner; transfer, rename and
// delete; and a removed member refused at once.
import { randomUUID } from "node:crypto";
import { createLocalSystemMailer } from "@mailstream/core/system-mail/system-mail";
import { invitations, messages, users, workspaceMembers, workspaces } from "@mailstream/db/schema";
import { cookieFrom, createMemberSession, testAuth, TEST_AUTH_BASE_URL } from "@mailstream/testing/auth-fixtures";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { callerWithAuth, callerWithCookie, catchTRPCError, testDb, testDeps } from "@mailstream/testing/test-caller";
import { ensureMember } from "@mailstream/auth/members";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { resolveSession } from "@mailstream/auth/actor";
import { handleInvitationAccept } from "../http/invitation-accept";
import { PEER_ADDRESS_HEADER } from "@mailstream/auth/client-address";
import { createContextFactory } from "../trpc";

/** A caller factory whose system mail is the outbox, with its log lines kept for the test. */
function mailCapture() {
  const deps = testDeps();
  const lines: string[] = [];
  const factory = createContextFactory({
    ...deps,
    auth: testAuth(deps.db),
    systemMail: createLocalSystemMailer(deps.db, (line) => lines.push(line)),
  });
  return {
    as: (cookie: string) => callerWithCookie(cookie, factory),
    /** The workspace's admin secret key (no password hashing: quicker than a session). */
    asKey: (secretKey: string) => callerWithAuth(`Bearer ${secretKey}`, factory),
    /** The token of the last invitation link logged for `email`. */
    tokenFor(email: string): string {
      const line = lines.findLast((l) => l.startsWith(`[mail] invitation for ${email}: `));
      if (!line) throw new Error(`no invitation logged for ${email}: ${lines.join("\n")}`);
      return decodeURIComponent(new URL(line.split(": ")[1] as string).pathname.replace("/invite/", ""));
    },
  };
}

function acceptBySignUp(body: { token: string; name?: string; password?: string }) {
  return handleInvitationAccept(
    new Request(`${TEST_AUTH_BASE_URL}/api/invitations/accept`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: TEST_AUTH_BASE_URL,
        [PEER_ADDRESS_HEADER]: `10.9.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`,
      },
      body: JSON.stringify({ name: "Invited Person", password: "a-long-enough-password", ...body }),
    }),
    { db: testDb(), auth: testAuth(testDb()) },
  );
}

const newAddress = () => `invitee-${randomUUID().slice(0, 12)}@members.mailstream.test`;

/** A member who never signs in here (one password hash, no sign-in). */
async function memberOnly(workspaceId: string, role: "owner" | "admin" | "marketer" | "developer" | "analyst") {
  const email = `${role}-${randomUUID().slice(0, 12)}@members.mailstream.test`;
  const userId = await ensureMember(testDb(), {
    email,
    name: `Test ${role}`,
    password: `pw-${randomUUID()}`,
    workspaceId,
    role,
  });
  return { userId, email };
}

async function findRole(workspaceId: string, userId: string) {
  const [row] = await testDb()
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
  return row?.role ?? null;
}

describe("invitations", () => {
  it("sends a link (outbox and log) that signs the invited person up as the role once; used, withdrawn, expired and unknown links change nothing", async () => {
    const db = testDb();
    const ws = await createWorkspaceWithKeys(db);
    const mail = mailCapture();
    const admin = mail.asKey(ws.secretKey);
    const email = newAddress();
    await admin.members.invite({ email: email.toUpperCase(), role: "analyst" });
    const token = mail.tokenFor(email);
    const [stored] = await db.select().from(invitations).where(eq(invitations.workspaceId, ws.workspaceId));
    expect(stored).toMatchObject({ email, role: "analyst", acceptedAt: null });
    expect(stored?.tokenHash).not.toContain(token); // only the hash is kept
    const [inbox] = await db.select().from(messages).where(eq(messages.toAddress, email));
    expect(inbox?.text).toContain(`/invite/${token}`);
    expect((await admin.members.list()).invitations.map((i) => i.email)).toEqual([email]);

    const accepted = await acceptBySignUp({ token });
    expect(accepted.status).toBe(200);
    const cookie = cookieFrom(accepted);
    expect(await resolveSession(testAuth(db), db, new Headers({ cookie }))).toMatchObject({
      status: "member",
      workspaceId: ws.workspaceId,
      role: "analyst",
    });
    expect((await admin.members.list()).invitations).toEqual([]);
    // Inviting a member again is refused; so are a role an admin cannot grant and a bad address.
    expect(await catchTRPCError(() => admin.members.invite({ email, role: "analyst" }))).toMatchObject({
      code: "CONFLICT",
    });
    expect(await catchTRPCError(() => admin.members.invite({ email: newAddress(), role: "owner" }))).toMatchObject({
      code: "FORBIDDEN",
      message: "Your role (Admin) cannot grant Owner.",
    });
    expect(
      await catchTRPCError(() => admin.members.invite({ email: "not-an-address", role: "analyst" })),
    ).toMatchObject({ code: "BAD_REQUEST" });

    const [revokedAddress, expiredAddress] = [newAddress(), newAddress()];
    const revoked = await admin.members.invite({ email: revokedAddress, role: "developer" });
    await admin.members.revokeInvitation({ invitationId: revoked.id });
    const expired = await admin.members.invite({ email: expiredAddress, role: "developer" });
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, expired.id));
    const answers = await Promise.all([
      acceptBySignUp({ token, password: "another-long-password" }),
      acceptBySignUp({ token: mail.tokenFor(revokedAddress) }),
      acceptBySignUp({ token: mail.tokenFor(expiredAddress) }),
      acceptBySignUp({ token: "not-a-real-token" }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 404]);
    const texts = (await Promise.all(answers.map((a) => a.json()))) as { error: string }[];
    expect(texts.map((t) => t.error)).toEqual([
      expect.stringContaining("already been used"),
      expect.stringContaining("withdrawn"),
      expect.stringContaining("expired"),
      expect.stringContaining("not valid"),
    ]);
    for (const answer of answers) expect(answer.headers.getSetCookie()).toEqual([]);
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(1);
    expect(await db.select().from(users).where(eq(users.email, revokedAddress))).toEqual([]);
    expect(await db.select().from(users).where(eq(users.email, expiredAddress))).toEqual([]);
  });

  it("lets exactly one of two concurrent accepts of one link win", async () => {
    const db = testDb();
    const ws = await createWorkspaceWithKeys(db);
    const mail = mailCapture();
    const email = newAddress();
    await mail.asKey(ws.secretKey).members.invite({ email, role: "marketer" });
    const token = mail.tokenFor(email);
    const results = await Promise.all([acceptBySignUp({ token }), acceptBySignUp({ token })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    const members = await db.select().from(workspaceMembers).where(eq(workspaceMembers.workspaceId, ws.workspaceId));
    expect(members).toHaveLength(1);
  });

  it("joins an existing account by its password (never another), or with one click when signed in as the invited address", async () => {
    const db = testDb();
    const ws = await createWorkspaceWithKeys(db);
    const elsewhere = await createWorkspaceWithKeys(db);
    const existing = await createMemberSession(db, elsewhere.workspaceId, "developer");
    const stranger = await createMemberSession(db, elsewhere.workspaceId, "analyst");
    const mail = mailCapture();
    // The inviter gets the same answer whether or not the address has an account.
    const invited = await mail.asKey(ws.secretKey).members.invite({ email: existing.email, role: "marketer" });
    expect(Object.keys(invited).sort()).toEqual(["email", "expiresAt", "id", "role"]);
    const token = mail.tokenFor(existing.email);

    const wrong = await acceptBySignUp({ token, password: "not-the-account-password" });
    expect(wrong.status).toBe(401);
    expect(await findRole(ws.workspaceId, existing.userId)).toBeNull();

    const otherPerson = await catchTRPCError(() => mail.as(stranger.cookie).workspaces.acceptInvitation({ token }));
    expect(otherPerson).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining(existing.email) });

    const joined = await mail.as(existing.cookie).workspaces.acceptInvitation({ token });
    expect(joined).toEqual({ workspaceId: ws.workspaceId, role: "marketer" });
    expect((await mail.as(existing.cookie).workspaces.current()).workspace?.id).toBe(ws.workspaceId);
    expect((await acceptBySignUp({ token, password: existing.password })).status).toBe(403);
  });
});

describe("members", () => {
  it("changes roles only within what the changer may grant; only an owner touches an owner", async () => {
    const db = testDb();
    const ws = await createWorkspaceWithKeys(db);
    const owner = await memberOnly(ws.workspaceId, "owner");
    const marketer = await memberOnly(ws.workspaceId, "marketer");
    const admin = mailCapture().asKey(ws.secretKey);
    await admin.members.changeRole({ userId: marketer.userId, role: "analyst" });
    expect(await findRole(ws.workspaceId, marketer.userId)).toBe("analyst");
    expect(
      await catchTRPCError(() => admin.members.changeRole({ userId: marketer.userId, role: "owner" })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(await catchTRPCError(() => admin.members.changeRole({ userId: owner.userId, role: "admin" }))).toMatchObject(
      {
        code: "FORBIDDEN",
        message: "Only an owner can change or remove an owner.",
      },
    );
    expect(await catchTRPCError(() => admin.members.remove({ userId: owner.userId }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await findRole(ws.workspaceId, owner.userId)).toBe("owner");
    const listed = await admin.members.list();
    expect(listed.members.map((m) => [m.email, m.role])).toEqual([
      [owner.email, "owner"],
      [marketer.email, "analyst"],
    ]);
    expect(listed.you.grantable).toEqual(["admin", "marketer", "developer", "analyst"]);
  });

  it("keeps the last owner: no demotion, removal or leaving, even two owners demoting each other at once", async () => {
    const db = testDb();
    const ws = await createWorkspaceWithKeys(db);
    const first = await createMemberSession(db, ws.workspaceId, "owner");
    const second = await createMemberSession(db, ws.workspaceId, "owner");
    const mail = mailCapture();
    const outcomes = await Promise.allSettled([
      mail.as(first.cookie).members.changeRole({ userId: second.userId, role: "admin" }),
      mail.as(second.cookie).members.changeRole({ userId: first.userId, role: "admin" }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const last = (await findRole(ws.workspaceId, first.userId)) === "owner" ? first : second;
    const lastCaller = mail.as(last.cookie);
    const lastOwner = { code: "PRECONDITION_FAILED", message: expect.stringContaining("needs an owner") };
    expect(
      await catchTRPCError(() => lastCaller.members.changeRole({ userId: last.userId, role: "admin" })),
    ).toMatchObject(lastOwner);
    expect(await catchTRPCError(() => lastCaller.members.remove({ userId: last.userId }))).toMatchObject(lastOwner);
    expect(await catchTRPCError(() => lastCaller.workspaces.leave({ workspaceId: ws.workspaceId }))).toMatchObject(
      lastOwner,
    );
    expect(await findRole(ws.workspaceId, last.userId)).toBe("owner");
  });

  it("transfers ownership (the giver becomes admin), cuts a removed member off at once, renames, and deletes only when the owner types the name", async () => {
    const db = testDb();
    const ws = await createWorkspaceWithKeys(db);
    const owner = await createMemberSession(db, ws.workspaceId, "owner");
    const developer = await createMemberSession(db, ws.workspaceId, "developer");
    const analyst = await createMemberSession(db, ws.workspaceId, "analyst");
    const mail = mailCapture();
    await mail.as(owner.cookie).members.transferOwnership({ userId: developer.userId });
    expect(await findRole(ws.workspaceId, developer.userId)).toBe("owner");
    expect(await findRole(ws.workspaceId, owner.userId)).toBe("admin");
    expect(
      await catchTRPCError(() => mail.as(owner.cookie).members.transferOwnership({ userId: analyst.userId })),
    ).toMatchObject({ code: "FORBIDDEN" });

    const analystCaller = mail.as(analyst.cookie);
    await expect(analystCaller.journeys.list()).resolves.toEqual([]);
    await mail.as(owner.cookie).members.remove({ userId: analyst.userId });
    expect(await catchTRPCError(() => analystCaller.journeys.list())).toMatchObject({ code: "FORBIDDEN" });

    const newOwner = mail.as(developer.cookie);
    await newOwner.journeys.create({ name: "Goes with the workspace" });
    expect((await newOwner.workspaces.rename({ name: "  Renamed shop " })).name).toBe("Renamed shop");
    expect(await catchTRPCError(() => newOwner.workspaces.delete({ confirmName: "Renamed" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await db.select().from(workspaces).where(eq(workspaces.id, ws.workspaceId))).toHaveLength(1);
    await newOwner.workspaces.delete({ confirmName: "Renamed shop" });
    expect(await db.select().from(workspaces).where(eq(workspaces.id, ws.workspaceId))).toEqual([]);
    expect(await catchTRPCError(() => newOwner.journeys.list())).toMatchObject({ code: "FORBIDDEN" });
  });
});
