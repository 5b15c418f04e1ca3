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
