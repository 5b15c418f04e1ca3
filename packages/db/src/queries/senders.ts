// A workspace's declared senders (workspace_senders) and the From addresses its templates use.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { templates, workspaceSenders } from "../schema/index";

export async function listWorkspaceSenders(db: Db | Tx, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ value: workspaceSenders.value })
    .from(workspaceSenders)
    .where(eq(workspaceSenders.workspaceId, workspaceId))
    .orderBy(asc(workspaceSenders.value));
  return rows.map((row) => row.value);
}

/** Declares `value` (already normalised); declaring it twice is a no-op that returns false. */
export async function insertWorkspaceSender(db: Db | Tx, workspaceId: string, value: string): Promise<boolean> {
  const rows = await db
    .insert(workspaceSenders)
    .values({ workspaceId, value })
    .onConflictDoNothing()
    .returning({ value: workspaceSenders.value });
  return rows.length > 0;
}

/** Removes a declaration; false when it was not there. */
export async function deleteWorkspaceSender(db: Db | Tx, workspaceId: string, value: string): Promise<boolean> {
  const rows = await db
    .delete(workspaceSenders)
    .where(and(eq(workspaceSenders.workspaceId, workspaceId), eq(workspaceSenders.value, value)))
    .returning({ value: workspaceSenders.value });
  return rows.length > 0;
}

/** The From address each template sets (null: the workspace default applies). */
export async function findTemplateFromAddresses(
  db: Db | Tx,
  workspaceId: string,
  templateIds: string[],
): Promise<Map<string, string | null>> {
  if (templateIds.length === 0) return new Map();
  const rows = await db
    .select({ id: templates.id, fromAddress: templates.fromAddress })
    .from(templates)
    .where(and(eq(templates.workspaceId, workspaceId), inArray(templates.id, templateIds)));
  return new Map(rows.map((row) => [row.id, row.fromAddress]));
}
