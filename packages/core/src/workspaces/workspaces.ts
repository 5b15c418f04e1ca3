// A signed-in person's workspaces: the list for the switcher, switching the active one,
// creating one (its creator becomes owner), the active one's name for the shell, renaming
// and deleting it.
import { randomBytes } from "node:crypto";
import type { Db, Tx } from "@mailstream/db/client";
import {
  createWorkspaceWithOwner,
  findMembership,
  listMemberships,
  lockWorkspace,
  setSessionWorkspace,
} from "@mailstream/db/queries/workspace-members";
import {
  deleteWorkspace as deleteWorkspaceRow,
  findWorkspaceById,
  renameWorkspace as renameWorkspaceRow,
} from "@mailstream/db/queries/workspaces";
import type { AuditContext, AuditOrigin } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";

/** `acme-inc-3f9a1c`: readable, and unique without asking the database first. */
function slugFor(name: string): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "workspace";
  return `${base}-${randomBytes(3).toString("hex")}`;
}

export function listUserWorkspaces(db: Db, userId: string) {
  return listMemberships(db, userId);
}

/** The workspace's public fields, or null when it no longer exists. */
export async function findWorkspaceSummary(db: Db, workspaceId: string) {
  const workspace = await findWorkspaceById(db, workspaceId);
  return workspace ? { id: workspace.id, name: workspace.name, slug: workspace.slug } : null;
}

/** Makes `workspaceId` the session's active workspace; only a member may switch to it. */
export async function switchWorkspace({
  db,
  userId,
  sessionId,
  workspaceId,
}: {
  db: Db;
  userId: string;
  sessionId: string;
  workspaceId: string;
}) {
  // Same words for "no such workspace" and "not yours": ids of other tenants stay unconfirmed.
  const role = await findMembership(db, userId, workspaceId);
  if (!role) throw new AppError(AppErrorCode.FORBIDDEN, "You are not a member of that workspace.");
  await setSessionWorkspace(db, sessionId, workspaceId);
  return { workspaceId, role };
}

/** A new workspace owned by its creator, made the session's active one. */
export async function createOwnedWorkspace({
  db,
  userId,
  sessionId,
  name,
  audit,
}: {
  db: Db;
  userId: string;
  sessionId: string;
  name: string;
  /** The creator and their address: the new workspace's log starts with its own creation. */
  audit?: AuditOrigin | null;
}) {
  const workspace = await db.transaction(async (tx) => {
    const created = await createWorkspaceWithOwner(tx, { name, slug: slugFor(name), ownerId: userId });
    await recordAudit(tx, {
      context: audit ? { ...audit, workspaceId: created.id } : null,
      action: "workspace.create",
      target: { type: "workspace", id: created.id, label: created.name },
    });
    return created;
  });
  await setSessionWorkspace(db, sessionId, workspace.id);
  return { id: workspace.id, name: workspace.name, slug: workspace.slug, role: "owner" as const };
}

/** Renames the workspace (its slug, an identifier, stays). */
/** The workspace, locked for the rest of the transaction; null when it is gone. */
async function lockWorkspaceRow(tx: Tx, workspaceId: string) {
  return (await lockWorkspace(tx, workspaceId)) ? findWorkspaceById(tx, workspaceId) : null;
}

export async function renameWorkspace({
  db,
  workspaceId,
  name,
  audit,
}: {
  db: Db;
  workspaceId: string;
  name: string;
  audit?: AuditContext | null;
}) {
  return db.transaction(async (tx) => {
    // Locked, so the "before" name in the audit row is the one this rename replaced.
    const before = await lockWorkspaceRow(tx, workspaceId);
    if (!before) throw new AppError(AppErrorCode.NOT_FOUND, "This workspace no longer exists.");
    const renamed = await renameWorkspaceRow(tx, workspaceId, name);
    if (!renamed) throw new AppError(AppErrorCode.NOT_FOUND, "This workspace no longer exists.");
    if (before.name !== renamed.name)
      await recordAudit(tx, {
        context: audit,
        action: "workspace.rename",
        target: { type: "workspace", id: workspaceId, label: renamed.name },
        changes: { fields: ["name"], before: { name: before.name }, after: { name: renamed.name } },
      });
    return { id: renamed.id, name: renamed.name, slug: renamed.slug };
  });
}

/**
 * Deletes the workspace and everything in it. A signed-in owner only (never a key), who
 * confirms by typing the workspace's name exactly.
 */
export async function deleteOwnedWorkspace({
  db,
  workspaceId,
  actorUserId,
  confirmName,
  audit,
}: {
  db: Db;
  workspaceId: string;
  actorUserId: string | null;
  confirmName: string;
  audit?: AuditContext | null;
}) {
  if (!actorUserId) throw new AppError(AppErrorCode.FORBIDDEN, "Only a signed-in owner can delete a workspace.");
  return db.transaction(async (tx) => {
    const workspace = await lockWorkspaceRow(tx, workspaceId);
    if (!workspace) throw new AppError(AppErrorCode.NOT_FOUND, "This workspace no longer exists.");
    if (confirmName.trim() !== workspace.name.trim())
      throw new AppError(AppErrorCode.INVALID_INPUT, `Type the workspace's name ("${workspace.name}") to delete it.`, {
        issues: [{ path: "confirmName", message: "does not match the workspace's name" }],
      });
    await deleteWorkspaceRow(tx, workspaceId);
    // audit_log.workspace_id is no foreign key: this row outlives the workspace it names.
    await recordAudit(tx, {
      context: audit,
      action: "workspace.delete",
      target: { type: "workspace", id: workspaceId, label: workspace.name },
    });
    return { id: workspaceId, name: workspace.name };
  });
}
