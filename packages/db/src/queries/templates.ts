// Email templates of a workspace: list, read, create, update.
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { templates } from "../schema/index";

export type TemplateRow = typeof templates.$inferSelect;
export interface TemplateFields {
  name: string;
  subject: string;
  preheader: string;
  body: string;
}

export async function findTemplates(db: Db, workspaceId: string) {
  return db
    .select({ id: templates.id, name: templates.name, subject: templates.subject, updatedAt: templates.updatedAt })
    .from(templates)
    .where(eq(templates.workspaceId, workspaceId))
    .orderBy(desc(templates.updatedAt));
}

/** Just the ids: what the journey compiler checks email nodes against. */
export async function findTemplateIds(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.select({ id: templates.id }).from(templates).where(eq(templates.workspaceId, workspaceId));
  return rows.map((row) => row.id);
}

export async function findTemplateById(db: Db, workspaceId: string, templateId: string): Promise<TemplateRow | null> {
  const [row] = await db
    .select()
    .from(templates)
    .where(and(eq(templates.workspaceId, workspaceId), eq(templates.id, templateId)));
  return row ?? null;
}

export async function insertTemplate(db: Db, workspaceId: string, fields: TemplateFields): Promise<TemplateRow> {
  const [row] = await db
    .insert(templates)
    .values({ workspaceId, ...fields })
    .returning();
  if (!row) throw new Error("insert into templates returned no row");
  return row;
}

export async function updateTemplate(
  db: Db,
  workspaceId: string,
  templateId: string,
  fields: Partial<TemplateFields>,
): Promise<TemplateRow | null> {
  const [row] = await db
    .update(templates)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(templates.workspaceId, workspaceId), eq(templates.id, templateId)))
    .returning();
  return row ?? null;
}
