// Workspace membership: who may act on which workspace, with which role. Every request of a
// signed-in person resolves its workspace through `findMembership` (packages/auth/src/actor.ts).
import { and, asc, count, eq } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { sessions, users, workspaceMembers, workspaces } from "../schema/index";
import { createWorkspace, type Workspace } from "./workspaces";

export type WorkspaceRole = (typeof workspaceMembers.$inferSelect)["role"];

export interface Membership {
  workspaceId: string;
  name: string;
  slug: string;
  role: WorkspaceRole;
}

/** The user's role in one workspace; null when they are not (or no longer) a member. */
export async function findMembership(db: Db | Tx, userId: string, workspaceId: string): Promise<WorkspaceRole | null> {
  const rows = await db
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.userId, userId), eq(workspaceMembers.workspaceId, workspaceId)))
    .limit(1);
  return rows[0]?.role ?? null;
}

/** Every workspace the user belongs to, oldest membership first (the first is the fallback). */
export async function listMemberships(db: Db | Tx, userId: string): Promise<Membership[]> {
  return db
    .select({ workspaceId: workspaces.id, name: workspaces.name, slug: workspaces.slug, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, userId))
    .orderBy(asc(workspaceMembers.createdAt), asc(workspaces.name));
}

/** Adds (or changes the role of) a member. */
export async function upsertMember(
  db: Db | Tx,
  input: { workspaceId: string; userId: string; role: WorkspaceRole },
): Promise<void> {
  await db
    .insert(workspaceMembers)
    .values(input)
    .onConflictDoUpdate({ target: [workspaceMembers.workspaceId, workspaceMembers.userId], set: { role: input.role } });
}

/** Adds a member unless they already belong to the workspace (whatever their role now). */
export async function addMemberIfAbsent(
  db: Db | Tx,
  input: { workspaceId: string; userId: string; role: WorkspaceRole },
): Promise<void> {
  await db.insert(workspaceMembers).values(input).onConflictDoNothing();
}

/** A new workspace whose creator is its owner, in one transaction. */
export async function createWorkspaceWithOwner(
  db: Db | Tx,
  input: { name: string; slug: string; ownerId: string },
): Promise<Workspace> {
  return db.transaction(async (tx) => {
    const workspace = await createWorkspace(tx, { name: input.name, slug: input.slug });
    await upsertMember(tx, { workspaceId: workspace.id, userId: input.ownerId, role: "owner" });
    return workspace;
  });
}

/** Points one session (browser) at a workspace; the caller has checked the membership. */
export async function setSessionWorkspace(db: Db | Tx, sessionId: string, workspaceId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ activeWorkspaceId: workspaceId, updatedAt: new Date() })
    .where(eq(sessions.id, sessionId));
}

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: WorkspaceRole;
  joinedAt: Date;
}

/** The workspace's members with their name and address, owners first, then by joining date. */
export async function listMembers(db: Db | Tx, workspaceId: string): Promise<MemberRow[]> {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: workspaceMembers.role,
      joinedAt: workspaceMembers.createdAt,
    })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(eq(workspaceMembers.workspaceId, workspaceId))
    .orderBy(asc(workspaceMembers.role), asc(workspaceMembers.createdAt));
}

/**
 * Locks the workspace row for the rest of the transaction: every membership change takes this
 * lock first, so two owners demoting each other at once are serialised and the owner count
 * each one reads is the committed one. False when the workspace is gone.
 */
export async function lockWorkspace(tx: Tx, workspaceId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .for("update");
  return rows.length > 0;
}

export async function countOwners(db: Db | Tx, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ owners: count() })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.role, "owner")));
  return row?.owners ?? 0;
}

/** Changes an existing member's role; false when they are not a member. */
export async function setMemberRole(
  db: Db | Tx,
  input: { workspaceId: string; userId: string; role: WorkspaceRole },
): Promise<boolean> {
  const rows = await db
    .update(workspaceMembers)
    .set({ role: input.role })
    .where(and(eq(workspaceMembers.workspaceId, input.workspaceId), eq(workspaceMembers.userId, input.userId)))
    .returning({ userId: workspaceMembers.userId });
  return rows.length > 0;
}

/**
 * Removes a member and unpoints their browsers from the workspace. Access ends with the row
 * (every request re-reads the membership); clearing the hint only tidies the sessions.
 */
export async function deleteMember(db: Db | Tx, workspaceId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
    .returning({ userId: workspaceMembers.userId });
  await db
    .update(sessions)
    .set({ activeWorkspaceId: null })
    .where(and(eq(sessions.userId, userId), eq(sessions.activeWorkspaceId, workspaceId)));
  return rows.length > 0;
}
