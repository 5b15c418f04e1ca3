// Reads and partial writes of `workspaces.settings` (jsonb): tracking switch, transport,
// default sender. Writes merge keys server-side (`settings || patch`), so two saves of
// different keys never overwrite each other.
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { workspaces, type WorkspaceSettings } from "../schema/index";

export async function findWorkspaceSettings(db: Db | Tx, workspaceId: string): Promise<WorkspaceSettings | null> {
  const [row] = await db
    .select({ settings: workspaces.settings })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .limit(1);
  return row ? row.settings : null;
}

/** Merges `patch` into the stored settings; a key set to `null` is stored as null (= default). */
export async function updateWorkspaceSettings(
  db: Db | Tx,
  workspaceId: string,
  patch: WorkspaceSettings,
): Promise<WorkspaceSettings> {
  const [row] = await db
    .update(workspaces)
    .set({ settings: sql`${workspaces.settings} || ${JSON.stringify(patch)}::jsonb` })
    .where(eq(workspaces.id, workspaceId))
    .returning({ settings: workspaces.settings });
  if (!row) throw new Error(`workspace ${workspaceId} not found`);
  return row.settings;
}
