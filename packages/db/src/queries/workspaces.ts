// Workspaces (tenants): creation and lookups by slug and id.
import { eq } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { workspaces } from "../schema/index";

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
}

export const DEMO_WORKSPACE_SLUG = "demo";

export async function createWorkspace(db: Db | Tx, input: { name: string; slug: string }): Promise<Workspace> {
  const [row] = await db.insert(workspaces).values(input).returning();
  if (!row) throw new Error(`Creating workspace "${input.slug}" returned no row`);
  return row;
}

export async function findWorkspaceBySlug(db: Db | Tx, slug: string): Promise<Workspace | null> {
  const rows = await db.select().from(workspaces).where(eq(workspaces.slug, slug)).limit(1);
  return rows[0] ?? null;
}

export async function findWorkspaceById(db: Db | Tx, id: string): Promise<Workspace | null> {
  const rows = await db.select().from(workspaces).where(eq(workspaces.id, id)).limit(1);
  return rows[0] ?? null;
}

/** Renames a workspace (the slug stays: it is an identifier); null when it is gone. */
export async function renameWorkspace(db: Db | Tx, id: string, name: string): Promise<Workspace | null> {
  const [row] = await db.update(workspaces).set({ name }).where(eq(workspaces.id, id)).returning();
  return row ?? null;
}

/** Deletes a workspace and, by ON DELETE CASCADE, everything that belongs to it. */
export async function deleteWorkspace(db: Db | Tx, id: string): Promise<boolean> {
  const rows = await db.delete(workspaces).where(eq(workspaces.id, id)).returning({ id: workspaces.id });
  return rows.length > 0;
}
