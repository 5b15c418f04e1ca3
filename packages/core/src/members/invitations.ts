// Invitations: an owner or admin invites an address with a role they may grant; the link
// (7 days, single use) goes out as a system email. Only the token's SHA-256 is stored.
// Accepting claims the row with one conditional UPDATE in the same transaction as the
// membership, so of two concurrent accepts one wins and the other changes nothing. Inviting,
// revoking and joining each write their audit row in the transaction of the change; the
// invited address is a (future) member's identity, so the row names it.
import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "@mailstream/db/client";
import {
  claimInvitation,
  findInvitationByTokenHash,
  listOpenInvitations,
  replaceOpenInvitation,
  revokeOpenInvitation,
  type Invitation,
} from "@mailstream/db/queries/invitations";
import { findUserIdByEmail, insertPasswordUser } from "@mailstream/db/queries/users";
import { addMemberIfAbsent, findMembership, setSessionWorkspace } from "@mailstream/db/queries/workspace-members";
import { findWorkspaceById } from "@mailstream/db/queries/workspaces";
import { parseAddress } from "@mailstream/emails/transports";
import type { AuditContext, AuditOrigin } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import type { SystemMailer } from "../system-mail/system-mail";
import { roleLabel, type MemberActor, type Role } from "./roles";

export const INVITATION_TTL_DAYS = 7;

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function invitationLink(publicUrl: string, token: string): string {
  return new URL(`/invite/${encodeURIComponent(token)}`, publicUrl).toString();
}

export async function inviteMember({
  db,
  mailer,
  workspaceId,
  actor,
  inviterName,
  email,
  role,
  audit,
}: {
  db: Db;
  mailer: SystemMailer;
  workspaceId: string;
  actor: MemberActor;
  inviterName: string | null;
  email: string;
  role: Role;
  audit?: AuditContext | null;
}) {
  const address = parseAddress(email.trim())?.toLowerCase();
  if (!address)
    throw new AppError(AppErrorCode.INVALID_INPUT, `"${email}" is not a valid email address.`, {
      issues: [{ path: "email", message: "not a valid email address" }],
    });
  if (!actor.grantable.includes(role))
    throw new AppError(AppErrorCode.FORBIDDEN, `Your role (${roleLabel(actor.role)}) cannot grant ${roleLabel(role)}.`);
  const workspace = await findWorkspaceById(db, workspaceId);
  if (!workspace) throw new AppError(AppErrorCode.NOT_FOUND, "This workspace no longer exists.");
  const existingUser = await findUserIdByEmail(db, address);
  if (existingUser && (await findMembership(db, existingUser, workspaceId)))
    throw new AppError(AppErrorCode.CONFLICT, `${address} is already a member of this workspace.`);

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 24 * 3600 * 1000);
  const link = invitationLink(mailer.publicUrl, token);
  let invitation: Invitation;
  try {
    // The email goes out inside the transaction: an invitation nobody received (the send
    // failed) is rolled back with its audit row, so nothing half-done is left behind.
    invitation = await db.transaction(async (tx) => {
      const created = await replaceOpenInvitation(tx, {
        workspaceId,
        email: address,
        role,
        tokenHash: hashInvitationToken(token),
        invitedBy: actor.userId,
        expiresAt,
      });
      await recordAudit(tx, {
        context: audit,
        action: "member.invite",
        target: { type: "invitation", id: created.id, label: address },
        changes: { fields: ["role"], after: { role } },
      });
      await sendInvitation(mailer, { workspaceId, workspaceName: workspace.name, inviterName, address, role, link });
      return created;
    });
  } catch (error) {
    // The partial unique index: another invitation of this address was created at this instant.
    if (isUniqueViolation(error))
      throw new AppError(AppErrorCode.CONFLICT, `${address} was invited at the same moment; reload the list.`);
    throw error;
  }
  return { id: invitation.id, email: address, role, expiresAt };
}

async function sendInvitation(
  mailer: SystemMailer,
  invite: {
    workspaceId: string;
    workspaceName: string;
    inviterName: string | null;
    address: string;
    role: Role;
    link: string;
  },
): Promise<void> {
  try {
    await mailer.send({
      kind: "invitation",
      to: invite.address,
      workspaceId: invite.workspaceId,
      subject: `You're invited to ${invite.workspaceName} on Mailstream`,
      lines: [
        `${invite.inviterName ?? "An admin"} invited you to join the workspace "${invite.workspaceName}" on Mailstream as ${roleLabel(invite.role)}.`,
        `The link works once and expires in ${INVITATION_TTL_DAYS} days. If you did not expect it, ignore this email.`,
      ],
      action: "Accept the invitation",
      link: invite.link,
    });
  } catch (error) {
    throw new AppError(
      AppErrorCode.UNAVAILABLE,
      `The invitation email could not be sent (${(error as Error).message}); nothing was saved. Try again.`,
      { cause: error },
    );
  }
}

export function listInvitations(db: Db, workspaceId: string) {
  return listOpenInvitations(db, workspaceId);
}

export async function revokeInvitation({
  db,
  workspaceId,
  invitationId,
  audit,
}: {
  db: Db;
  workspaceId: string;
  invitationId: string;
  audit?: AuditContext | null;
}) {
  return db.transaction(async (tx) => {
    const revoked = await revokeOpenInvitation(tx, workspaceId, invitationId);
    if (!revoked) throw new AppError(AppErrorCode.NOT_FOUND, "No open invitation with that id in this workspace.");
    await recordAudit(tx, {
      context: audit,
      action: "invitation.revoke",
      target: { type: "invitation", id: invitationId, label: revoked.email },
    });
    return { id: invitationId };
  });
}

/** The row a new member's joining writes: they are the actor, in the workspace they joined. */
function recordJoin(
  tx: Tx,
  joined: Invitation,
  member: { userId: string; email: string },
  sourceAddress: string | null,
): Promise<void> {
  const origin: AuditOrigin = { actor: { kind: "user", id: member.userId, label: member.email }, sourceAddress };
  return recordAudit(tx, {
    context: { ...origin, workspaceId: joined.workspaceId },
    action: "member.join",
    target: { type: "member", id: member.userId, label: member.email },
    changes: { fields: ["role"], after: { role: joined.role, invitationId: joined.id } },
  });
}

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

/** What the accept page shows: nothing about an unknown link, the invitation's terms otherwise. */
export type InvitationView =
  | { status: "unknown" }
  | { status: InvitationStatus; workspaceName: string; email: string; role: Role; expiresAt: Date };

function statusOf(invitation: Invitation, now = new Date()): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= now) return "expired";
  return "pending";
}

export async function describeInvitation(db: Db, token: string): Promise<InvitationView> {
  const found = await findInvitationByTokenHash(db, hashInvitationToken(token));
  if (!found) return { status: "unknown" };
  const { invitation, workspaceName } = found;
  return {
    status: statusOf(invitation),
    workspaceName,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
  };
}

export const INVITATION_MESSAGES: Record<InvitationStatus | "unknown", string> = {
  unknown: "This invitation link is not valid. Check that you opened the whole link from the email.",
  accepted: "This invitation has already been used. Sign in to reach the workspace, or ask for a new invitation.",
  revoked: "This invitation was withdrawn. Ask an owner or admin of the workspace for a new one.",
  expired: "This invitation has expired. Ask an owner or admin of the workspace for a new one.",
  pending: "",
};

/** The error for a link that cannot be accepted (unknown, used, withdrawn, expired). */
function notAcceptable(status: InvitationStatus | "unknown"): AppError {
  return new AppError(
    status === "unknown" ? AppErrorCode.NOT_FOUND : AppErrorCode.FORBIDDEN,
    INVITATION_MESSAGES[status],
  );
}

async function pendingInvitation(db: Db, token: string) {
  const view = await describeInvitation(db, token);
  if (view.status !== "pending") throw notAcceptable(view.status);
  return view;
}

/**
 * A signed-in person accepts: the link must be theirs (the invited address), and joining
 * makes the workspace their browser's active one.
 */
export async function acceptInvitation({
  db,
  token,
  userId,
  userEmail,
  sessionId,
  sourceAddress = null,
}: {
  db: Db;
  token: string;
  userId: string;
  userEmail: string;
  sessionId: string;
  /** The client's address, for the `member.join` audit row. */
  sourceAddress?: string | null;
}) {
  const view = await pendingInvitation(db, token);
  if (view.email !== userEmail.trim().toLowerCase())
    throw new AppError(
      AppErrorCode.FORBIDDEN,
      `This invitation is for ${view.email}; you are signed in as ${userEmail}. Sign out and open the link again.`,
    );
  const tokenHash = hashInvitationToken(token);
  const joined = await db.transaction(async (tx) => {
    const claimed = await claimInvitation(tx, tokenHash, userId);
    if (!claimed) return null;
    await addMemberIfAbsent(tx, { workspaceId: claimed.workspaceId, userId, role: claimed.role });
    await setSessionWorkspace(tx, sessionId, claimed.workspaceId);
    await recordJoin(tx, claimed, { userId, email: view.email }, sourceAddress);
    return claimed;
  });
  // Lost a race (or the link changed state since it was read): say what it is now.
  if (!joined) throw notAcceptable((await describeInvitation(db, token)).status);
  return { workspaceId: joined.workspaceId, role: joined.role };
}

/**
 * Someone without a session accepts by choosing a password. When the invited address has no
 * account yet it is created (verified: the link proves the mailbox) together with the
 * membership, in the transaction that claims the link. When it has one, nothing is written
 * here: the caller signs them in with that password first and then calls `acceptInvitation`.
 */
export async function acceptInvitationWithNewAccount({
  db,
  token,
  name,
  hashPassword,
  sourceAddress = null,
}: {
  db: Db;
  token: string;
  name: string;
  /** The client's address, for the `member.join` audit row. */
  sourceAddress?: string | null;
  /** Called only when an account is created (hashing is slow on purpose). */
  hashPassword: () => Promise<string>;
}): Promise<{ status: "created"; email: string; workspaceId: string } | { status: "has-account"; email: string }> {
  const view = await pendingInvitation(db, token);
  if (await findUserIdByEmail(db, view.email)) return { status: "has-account", email: view.email };
  const tokenHash = hashInvitationToken(token);
  const passwordHash = await hashPassword();
  let joined: Invitation | null;
  try {
    joined = await db.transaction(async (tx) => {
      const userId = await insertPasswordUser(tx, { email: view.email, name, passwordHash });
      const claimed = await claimInvitation(tx, tokenHash, userId);
      if (!claimed) {
        tx.rollback();
        return null;
      }
      await addMemberIfAbsent(tx, { workspaceId: claimed.workspaceId, userId, role: claimed.role });
      await recordJoin(tx, claimed, { userId, email: view.email }, sourceAddress);
      return claimed;
    });
  } catch (error) {
    if (isRollback(error)) joined = null;
    // The same address signed up through another tab at this instant: their account exists now.
    else if (isUniqueViolation(error)) return { status: "has-account", email: view.email };
    else throw error;
  }
  if (!joined) throw notAcceptable((await describeInvitation(db, token)).status);
  return { status: "created", email: view.email, workspaceId: joined.workspaceId };
}

/** drizzle wraps the driver's error: the SQLSTATE may sit on its cause. */
function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return (error as { code?: string }).code === "23505" || cause?.code === "23505";
}

function isRollback(error: unknown): boolean {
  return (error as Error | undefined)?.name === "TransactionRollbackError";
}
