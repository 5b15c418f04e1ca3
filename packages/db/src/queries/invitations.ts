// Invitations to a workspace (schema/invitations.ts): written by the members use cases in
// packages/core/src/members/. Rows are found by the hash of the link's token, never the token.
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { invitations, users, workspaces } from "../schema/index";
import type { WorkspaceRole } from "./workspace-members";

export type Invitation = typeof invitations.$inferSelect;

/**
 * A new pending invitation; an open one for the same address in the workspace is revoked in the
 * same transaction (inviting again sends a fresh link and kills the old one).
 */
export async function replaceOpenInvitation(
  db: Db | Tx,
  input: {
    workspaceId: string;
    email: string;
    role: WorkspaceRole;
    tokenHash: string;
    invitedBy: string | null;
    expiresAt: Date;
  },
): Promise<Invitation> {
  return db.transaction(async (tx) => {
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.workspaceId, input.workspaceId),
          eq(invitations.email, input.email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const [row] = await tx.insert(invitations).values(input).returning();
    if (!row) throw new Error("inserting the invitation returned no row");
    return row;
  });
}

/** Open (not accepted, not revoked) invitations of a workspace, newest first; expired ones included. */
export async function listOpenInvitations(db: Db | Tx, workspaceId: string) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      invitedBy: users.email,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.workspaceId, workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.createdAt));
}

/**
 * Revokes one open invitation of the workspace and returns its address (for the audit row);
 * null when there is none by that id (or it was used or revoked already).
 */
export async function revokeOpenInvitation(
  db: Db | Tx,
  workspaceId: string,
  invitationId: string,
): Promise<{ email: string } | null> {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.workspaceId, workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ email: invitations.email });
  return rows[0] ?? null;
}

/** The invitation behind a link, with its workspace's name; null for an unknown token. */
export async function findInvitationByTokenHash(db: Db | Tx, tokenHash: string) {
  const rows = await db
    .select({ invitation: invitations, workspaceName: workspaces.name })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, tokenHash))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Marks the invitation accepted by `userId` if it is still pending — one UPDATE with the
 * conditions in its WHERE, so of two concurrent accepts exactly one gets the row back.
 */
export async function claimInvitation(db: Db | Tx, tokenHash: string, userId: string): Promise<Invitation | null> {
  const [row] = await db
    .update(invitations)
    .set({ acceptedAt: new Date(), acceptedBy: userId })
    .where(
      and(
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .returning();
  return row ?? null;
}
