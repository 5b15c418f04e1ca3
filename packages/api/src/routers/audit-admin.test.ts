// The audit rows of workspace administration against the real Postgres: API keys, senders,
// link domains, members, invitations and the workspace itself. Each change writes exactly one
// row with its actor and target and never a key's secret; a refused or empty change writes
// none; a new member's joining is theirs; a deleted workspace's last row outlives it.
import { randomUUID } from "node:crypto";
import { ensureMember } from "@mailstream/auth/members";
import {
  createLocalSystemMailer,
  createSystemMailer,
  type SystemMailer,
} from "@mailstream/core/system-mail/system-mail";
import { auditLog, invitations } from "@mailstream/db/schema";
import { createTransport } from "@mailstream/emails/transports";
import { createMemberSession, testAuth, TEST_AUTH_BASE_URL } from "@mailstream/testing/auth-fixtures";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { callerWithAuth, catchTRPCError, testDb, testDeps } from "@mailstream/testing/test-caller";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { handleInvitationAccept } from "../http/invitation-accept";
import { createContextFactory } from "../trpc";

const db = testDb();
const CLIENT = "203.0.113.9";

/** Callers through a trusted proxy, with system mail on the outbox (its log lines kept) unless given. */
function auditedCallers(systemMail?: SystemMailer) {
  const deps = testDeps();
  const lines: string[] = [];
  const factory = createContextFactory({
    ...deps,
    auth: testAuth(deps.db),
    trustedProxies: 1,
    systemMail: systemMail ?? createLocalSystemMailer(deps.db, (line) => lines.push(line)),
  });
  const via = (headers: Record<string, string>) =>
    callerWithAuth(null, () => factory({ headers: new Headers({ ...headers, "x-forwarded-for": CLIENT }) }));
  return {
    asKey: (secretKey: string) => via({ authorization: `Bearer ${secretKey}` }),
    asCookie: (cookie: string) => via({ cookie }),
    tokenFor(email: string): string {
      const line = lines.findLast((l) => l.startsWith(`[mail] invitation for ${email}: `));
      if (!line) throw new Error(`no invitation logged for ${email}`);
      return decodeURIComponent(new URL(line.split(": ")[1] as string).pathname.replace("/invite/", ""));
    },
  };
}

async function rowsOf(workspaceId: string) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.workspaceId, workspaceId))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
}

async function memberOnly(workspaceId: string, role: "owner" | "admin" | "developer" | "analyst") {
  const email = `${role}-${randomUUID().slice(0, 12)}@audit.mailstream.test`;
  const userId = await ensureMember(db, {
    email,
    name: `Test ${role}`,
    password: `pw-${randomUUID()}`,
    workspaceId,
    role,
  });
  return { userId, email };
}

describe("audit log of workspace administration", () => {
  it("records key create, rotate and revoke by id, name and prefix, never the secret", async () => {
    const workspace = await createWorkspaceWithKeys(db);
    const caller = auditedCallers().asKey(workspace.secretKey);
    const created = await caller.apiKeys.create({ kind: "secret", name: "Checkout backend", role: "developer" });
    const rotated = await caller.apiKeys.rotate({ id: created.id, graceSeconds: 0 });
    await caller.apiKeys.revoke({ id: rotated.replacement.id });
    await caller.apiKeys.revoke({ id: rotated.replacement.id }); // a retry: nothing more to record
    expect((await catchTRPCError(() => caller.apiKeys.rotate({ id: created.id, graceSeconds: 0 }))).code).toBe(
      "PRECONDITION_FAILED",
    );

    const rows = await rowsOf(workspace.workspaceId);
    expect(rows.map((row) => [row.action, row.targetType, row.targetId])).toEqual([
      ["apiKey.create", "apiKey", created.id],
      ["apiKey.rotate", "apiKey", created.id],
      ["apiKey.revoke", "apiKey", rotated.replacement.id],
    ]);
    for (const row of rows)
      expect(row).toMatchObject({
        actorKind: "key",
        actorLabel: workspace.secretKey.slice(0, 10),
        sourceAddress: CLIENT,
      });
    expect(rows[0]).toMatchObject({
      targetLabel: `Checkout backend (${created.keyPrefix}…)`,
      changes: { fields: ["kind", "role"], after: { kind: "secret", role: "developer" } },
    });
    expect(rows[1]?.changes?.after).toEqual({
      replacementId: rotated.replacement.id,
      replacementPrefix: rotated.replacement.keyPrefix,
      graceSeconds: 0,
    });
    const everything = JSON.stringify(rows);
    for (const secret of [created.secret, rotated.replacement.secret, workspace.secretKey])
      expect(everything).not.toContain(secret);
  });

  it("records senders and link domains; a repeated or refused change records nothing", async () => {
    const workspace = await createWorkspaceWithKeys(db);
    const caller = auditedCallers().asKey(workspace.secretKey);
    await caller.senders.add({ value: "News <news@audit-acme.test>" });
    await caller.senders.add({ value: "news@audit-acme.test" });
    await caller.senders.remove({ value: "news@audit-acme.test" });
    await expect(caller.senders.remove({ value: "ghost@audit-acme.test" })).rejects.toThrow("not a declared sender");
    await caller.settings.saveLinkDomains({ domains: ["Shop.Audit-Acme.test"] });
    await caller.settings.saveLinkDomains({ domains: ["shop.audit-acme.test"] });

    expect((await rowsOf(workspace.workspaceId)).map((row) => [row.action, row.targetLabel, row.changes])).toEqual([
      ["sender.add", "news@audit-acme.test", { fields: ["kind"], after: { kind: "address" } }],
      ["sender.remove", "news@audit-acme.test", null],
      [
        "settings.change",
        "Link domains",
        { fields: ["linkDomains"], before: { linkDomains: [] }, after: { linkDomains: ["shop.audit-acme.test"] } },
      ],
    ]);
  });

  it("records invitations, joining, role changes and removal; a refused role change records nothing", async () => {
    const workspace = await createWorkspaceWithKeys(db);
    const callers = auditedCallers();
    const caller = callers.asKey(workspace.secretKey);
    const withdrawn = await caller.members.invite({
      email: `gone-${randomUUID().slice(0, 8)}@audit.test`,
      role: "analyst",
    });
    await caller.members.revokeInvitation({ invitationId: withdrawn.id });
    const email = `joiner-${randomUUID().slice(0, 8)}@audit.test`;
    const invited = await caller.members.invite({ email, role: "developer" });
    const accepted = await handleInvitationAccept(
      new Request(`${TEST_AUTH_BASE_URL}/api/invitations/accept`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_AUTH_BASE_URL, "x-forwarded-for": CLIENT },
        body: JSON.stringify({ token: callers.tokenFor(email), name: "Joiner", password: "a-long-enough-password" }),
      }),
      { db, auth: testAuth(db), trustedProxies: 1 },
    );
    expect(accepted.status).toBe(200);
    const owner = await memberOnly(workspace.workspaceId, "owner");
    const developer = await memberOnly(workspace.workspaceId, "developer");
    const before = (await rowsOf(workspace.workspaceId)).length;
    // Refused: an admin key cannot demote an owner, nor grant a role to a stranger.
    expect((await catchTRPCError(() => caller.members.changeRole({ userId: owner.userId, role: "admin" }))).code).toBe(
      "FORBIDDEN",
    );
    await expect(caller.members.changeRole({ userId: randomUUID(), role: "analyst" })).rejects.toThrow("not a member");
    await caller.members.changeRole({ userId: developer.userId, role: "developer" }); // no change
    // An invitation whose email cannot go out (an SMTP server that refuses the connection).
    const unreachable = createSystemMailer({
      db,
      transport: createTransport("smtp", { smtpUrl: "smtp://127.0.0.1:1" }),
      from: "Mailstream <system@mailstream.test>",
      publicUrl: TEST_AUTH_BASE_URL,
    });
    const lost = `lost-${randomUUID().slice(0, 8)}@audit.test`;
    const failed = () =>
      auditedCallers(unreachable).asKey(workspace.secretKey).members.invite({ email: lost, role: "analyst" });
    expect((await catchTRPCError(failed)).message).toContain("nothing was saved");
    expect(await db.select().from(invitations).where(eq(invitations.email, lost))).toEqual([]);
    expect(await rowsOf(workspace.workspaceId)).toHaveLength(before);
    await caller.members.changeRole({ userId: developer.userId, role: "analyst" });
    await caller.members.remove({ userId: developer.userId });

    const rows = await rowsOf(workspace.workspaceId);
    expect(rows.map((row) => [row.action, row.targetType, row.targetId, row.targetLabel])).toEqual([
      ["member.invite", "invitation", withdrawn.id, withdrawn.email],
      ["invitation.revoke", "invitation", withdrawn.id, withdrawn.email],
      ["member.invite", "invitation", invited.id, email],
      ["member.join", "member", expect.any(String), email],
      ["member.role_change", "member", developer.userId, developer.email],
      ["member.remove", "member", developer.userId, developer.email],
    ]);
    expect(rows[0]?.changes).toEqual({ fields: ["role"], after: { role: "analyst" } });
    // The new member joins by their own hand, in the workspace they joined.
    expect(rows[3]).toMatchObject({ actorKind: "user", actorLabel: email, sourceAddress: CLIENT });
    expect(rows[3]?.actorId).toBe(rows[3]?.targetId);
    expect(rows[4]?.changes).toEqual({ fields: ["role"], before: { role: "developer" }, after: { role: "analyst" } });
    expect(rows[5]?.changes).toEqual({ fields: ["role"], before: { role: "analyst" } });
    expect(JSON.stringify(rows)).not.toContain(callers.tokenFor(email));
  });

  it("records rename, transfer and delete by the owner; the delete row outlives the workspace", async () => {
    const workspace = await createWorkspaceWithKeys(db);
    const callers = auditedCallers();
    const session = await createMemberSession(db, workspace.workspaceId, "owner");
    const owner = callers.asCookie(session.cookie);
    const heir = await memberOnly(workspace.workspaceId, "admin");
    await owner.workspaces.rename({ name: "Renamed by audit" });
    await owner.members.transferOwnership({ userId: heir.userId });
    const rows = await rowsOf(workspace.workspaceId);
    expect(rows.map((row) => row.action)).toEqual(["workspace.rename", "workspace.transfer"]);
    expect(rows[0]).toMatchObject({
      actorKind: "user",
      actorId: session.userId,
      actorLabel: session.email,
      changes: { fields: ["name"], after: { name: "Renamed by audit" } },
    });
    expect(rows[1]?.changes).toEqual({
      fields: ["owner"],
      before: { ownerId: session.userId, owner: session.email },
      after: { ownerId: heir.userId, owner: heir.email },
    });

    const doomed = await owner.workspaces.create({ name: "Doomed" });
    expect((await catchTRPCError(() => owner.workspaces.delete({ confirmName: "Not it" }))).code).toBe("BAD_REQUEST");
    await owner.workspaces.delete({ confirmName: "Doomed" });
    expect((await rowsOf(doomed.id)).map((row) => [row.action, row.targetLabel, row.actorId])).toEqual([
      ["workspace.create", "Doomed", session.userId],
      ["workspace.delete", "Doomed", session.userId],
    ]);
  });
});
