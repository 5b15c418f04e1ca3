// The members of a workspace: list, change a role, remove, leave, transfer ownership. Every
// change locks the workspace row first (lockWorkspace), so the last-owner rule holds under
// concurrent changes: a workspace always keeps at least one owner. Only an owner changes or
// removes an owner. Access ends with the membership row (every request re-reads it), and the
// secret API keys the person made in the workspace are revoked with it. Each
// change writes its audit row in its own transaction, naming the member by id and email.
import type { Db, Tx } from "@mailstream/db/client";
import { findUserEmail } from "@mailstream/db/queries/users";
import {
  countOwners,
  deleteMember,
  findMembership,
  listMembers,
  lockWorkspace,
  setMemberRole,
} from "@mailstream/db/queries/workspace-members";
import { revokeSecretKeysCreatedBy } from "@mailstream/db/queries/api-keys";
import type { AuditContext } from "../audit/audit-context";
import { keyAuditTarget } from "../api-keys/key-audit-target";
import { clearApiKeyCache } from "../ingest/auth";
import { recordAudit, type AuditTarget } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { roleLabel, type MemberActor, type Role } from "./roles";

const LAST_OWNER =
  "A workspace needs an owner: make another member owner first (Transfer ownership), or delete the workspace.";

export function listWorkspaceMembers(db: Db, workspaceId: string) {
  return listMembers(db, workspaceId);
}

/** The target's role inside a locked transaction; NOT_FOUND when they are not a member. */
async function lockedRoleOf(tx: Tx, workspaceId: string, userId: string): Promise<Role> {
  if (!(await lockWorkspace(tx, workspaceId)))
    throw new AppError(AppErrorCode.NOT_FOUND, "This workspace no longer exists.");
  const role = await findMembership(tx, userId, workspaceId);
  if (!role) throw new AppError(AppErrorCode.NOT_FOUND, "That person is not a member of this workspace.");
  return role;
}

async function assertNotLastOwner(tx: Tx, workspaceId: string, currentRole: Role): Promise<void> {
  if (currentRole === "owner" && (await countOwners(tx, workspaceId)) <= 1)
    throw new AppError(AppErrorCode.PRECONDITION_FAILED, LAST_OWNER);
}

/** A member as the audit log names them: a colleague's identity, not a contact's data. */
async function memberTarget(tx: Tx, userId: string): Promise<AuditTarget> {
  return { type: "member", id: userId, label: await findUserEmail(tx, userId) };
}

/** Who changes which member of which workspace; every membership change takes these. */
interface MemberChange {
  db: Db;
  workspaceId: string;
  actor: MemberActor;
  /** The member changed. */
  userId: string;
  audit?: AuditContext | null;
}

function assertMayTouch(actor: MemberActor, targetRole: Role): void {
  if (targetRole === "owner" && actor.role !== "owner")
    throw new AppError(AppErrorCode.FORBIDDEN, "Only an owner can change or remove an owner.");
}

export async function changeMemberRole({ db, workspaceId, actor, userId, role, audit }: MemberChange & { role: Role }) {
  if (!actor.grantable.includes(role))
    throw new AppError(AppErrorCode.FORBIDDEN, `Your role (${roleLabel(actor.role)}) cannot grant ${roleLabel(role)}.`);
  return db.transaction(async (tx) => {
    const current = await lockedRoleOf(tx, workspaceId, userId);
    assertMayTouch(actor, current);
    if (current === role) return { userId, role, previousRole: current };
    if (role !== "owner") await assertNotLastOwner(tx, workspaceId, current);
    await setMemberRole(tx, { workspaceId, userId, role });
    await recordAudit(tx, {
      context: audit,
      action: "member.role_change",
      target: await memberTarget(tx, userId),
      changes: { fields: ["role"], before: { role: current }, after: { role } },
    });
    return { userId, role, previousRole: current };
  });
}

export async function removeMember({ db, workspaceId, actor, userId, audit }: MemberChange) {
  const removed = await db.transaction(async (tx) => {
    const current = await lockedRoleOf(tx, workspaceId, userId);
    assertMayTouch(actor, current);
    await assertNotLastOwner(tx, workspaceId, current);
    await deleteMember(tx, workspaceId, userId);
    await recordAudit(tx, {
      context: audit,
      action: "member.remove",
      target: await memberTarget(tx, userId),
      changes: { fields: ["role"], before: { role: current } },
    });
    await revokeKeysOfFormerMember(tx, workspaceId, userId, audit);
    return { userId, role: current };
  });
  clearApiKeyCache();
  return removed;
}

/** A former member's secret keys stop working with their membership (each with its audit row). */
async function revokeKeysOfFormerMember(
  tx: Tx,
  workspaceId: string,
  userId: string,
  audit: AuditContext | null | undefined,
): Promise<void> {
  const revoked = await revokeSecretKeysCreatedBy(tx, workspaceId, userId);
  for (const key of revoked)
    await recordAudit(tx, {
      context: audit,
      action: "apiKey.revoke",
      target: keyAuditTarget(key),
      changes: { after: { reason: "its creator left the workspace" } },
    });
}

/** A person leaves a workspace of theirs (not the active one necessarily); the last owner cannot. */
export async function leaveWorkspace({ db, workspaceId, userId }: { db: Db; workspaceId: string; userId: string }) {
  const left = await db.transaction(async (tx) => {
    const current = await lockedRoleOf(tx, workspaceId, userId).catch((error: unknown) => {
      // Same words for "no such workspace" and "not yours", as switching says.
      if (error instanceof AppError && error.code === AppErrorCode.NOT_FOUND)
        throw new AppError(AppErrorCode.FORBIDDEN, "You are not a member of that workspace.");
      throw error;
    });
    await assertNotLastOwner(tx, workspaceId, current);
    await deleteMember(tx, workspaceId, userId);
    await revokeKeysOfFormerMember(tx, workspaceId, userId, {
      actor: { kind: "user", id: userId, label: (await findUserEmail(tx, userId)) ?? userId },
      sourceAddress: null,
      workspaceId,
    });
    return { workspaceId };
  });
  clearApiKeyCache();
  return left;
}

/**
 * The owner hands the workspace to another member: they become owner, the giver admin.
 * A signed-in owner only; a key has no person to step down.
 */
export async function transferOwnership({ db, workspaceId, actor, userId, audit }: MemberChange) {
  const giver = actor.userId;
  if (!giver || actor.role !== "owner")
    throw new AppError(AppErrorCode.FORBIDDEN, "Only a signed-in owner can transfer ownership.");
  if (giver === userId) throw new AppError(AppErrorCode.INVALID_INPUT, "Choose another member to become owner.");
  return db.transaction(async (tx) => {
    await lockedRoleOf(tx, workspaceId, userId);
    // Re-read under the lock: the giver may have been demoted a moment ago.
    if ((await findMembership(tx, giver, workspaceId)) !== "owner")
      throw new AppError(AppErrorCode.FORBIDDEN, "Only an owner can transfer ownership.");
    await setMemberRole(tx, { workspaceId, userId, role: "owner" });
    await setMemberRole(tx, { workspaceId, userId: giver, role: "admin" });
    const [from, to] = await Promise.all([memberTarget(tx, giver), memberTarget(tx, userId)]);
    await recordAudit(tx, {
      context: audit,
      action: "workspace.transfer",
      target: { type: "workspace", id: workspaceId },
      changes: {
        fields: ["owner"],
        before: { ownerId: giver, owner: from.label },
        after: { ownerId: userId, owner: to.label },
      },
    });
    return { ownerId: userId, previousOwnerId: giver };
  });
}
