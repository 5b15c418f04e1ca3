// Template partials (shared header/footer blocks): list, read, create, update, and the batch
// lookup renders use to inline them.
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { templatePartials } from "../schema/index";
import { returnedRow } from "./returned-row";

export type TemplatePartialRow = typeof templatePartials.$inferSelect;

export async function findTemplatePartials(db: Db, workspaceId: string) {
  return db
    .select({ id: templatePartials.id, name: templatePartials.name, updatedAt: templatePartials.updatedAt })
    .from(templatePartials)
    .where(eq(templatePartials.workspaceId, workspaceId))
    .orderBy(desc(templatePartials.updatedAt));
}

export async function findTemplatePartialById(
  db: Db,
  workspaceId: string,
  partialId: string,
): Promise<TemplatePartialRow | null> {
  const [row] = await db
    .select()
    .from(templatePartials)
    .where(and(eq(templatePartials.workspaceId, workspaceId), eq(templatePartials.id, partialId)));
  return row ?? null;
}

/** Blocks of the given partials by id; ids from another workspace are simply absent. */
export async function findTemplatePartialBlocks(
  db: Db,
  workspaceId: string,
  partialIds: readonly string[],
): Promise<Map<string, unknown[]>> {
  if (partialIds.length === 0) return new Map();
  const rows = await db
    .select({ id: templatePartials.id, blocks: templatePartials.blocks })
    .from(templatePartials)
    .where(and(eq(templatePartials.workspaceId, workspaceId), inArray(templatePartials.id, [...partialIds])));
  return new Map(rows.map((row) => [row.id, row.blocks]));
}

export async function insertTemplatePartial(
  db: Db | Tx,
  workspaceId: string,
  fields: { name: string; blocks: unknown[] },
): Promise<TemplatePartialRow> {
  const rows = await db
    .insert(templatePartials)
    .values({ workspaceId, ...fields })
    .returning();
  return returnedRow(rows, "insert into template_partials");
}

export async function updateTemplatePartial(
  db: Db | Tx,
  workspaceId: string,
  partialId: string,
  fields: Partial<{ name: string; blocks: unknown[] }>,
): Promise<TemplatePartialRow | null> {
  const [row] = await db
    .update(templatePartials)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(templatePartials.workspaceId, workspaceId), eq(templatePartials.id, partialId)))
    .returning();
  return row ?? null;
}
