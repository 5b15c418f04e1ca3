// The templates list and its edits: search by name and tag, paged; tags; which journeys use a
// template (a draft or any published version), which is what keeps it from being deleted.
import { and, arrayContains, asc, count, desc, eq, ilike, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { journeys, journeyVersions, templates } from "../schema/index";
import { containsPattern } from "./journeys";
import type { TemplateRow } from "./templates";

export interface TemplateSearch {
  search?: string | undefined;
  tag?: string | undefined;
  limit: number;
  offset: number;
}

export interface TemplateSummary {
  id: string;
  name: string;
  subject: string;
  tags: string[];
  updatedAt: Date;
}

/** One page of the templates list, newest edit first, with the total that match. */
export async function searchTemplateSummaries(
  db: Db,
  workspaceId: string,
  options: TemplateSearch,
): Promise<{ rows: TemplateSummary[]; total: number }> {
  const where = and(
    eq(templates.workspaceId, workspaceId),
    options.search ? ilike(templates.name, containsPattern(options.search)) : undefined,
    options.tag ? arrayContains(templates.tags, [options.tag]) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: templates.id,
        name: templates.name,
        subject: templates.subject,
        tags: templates.tags,
        updatedAt: templates.updatedAt,
      })
      .from(templates)
      .where(where)
      .orderBy(desc(templates.updatedAt), desc(templates.id))
      .limit(options.limit)
      .offset(options.offset),
    db.select({ n: count() }).from(templates).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Every tag used on the workspace's templates, for the list's filter. */
export async function findTemplateTagNames(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tag: sql<string>`unnest(${templates.tags})` })
    .from(templates)
    .where(eq(templates.workspaceId, workspaceId));
  return rows.map((row) => row.tag).sort();
}

/** The template row, locked FOR UPDATE for a tag change or a delete. */
export async function lockTemplate(tx: Tx, workspaceId: string, templateId: string): Promise<TemplateRow | null> {
  const [row] = await tx
    .select()
    .from(templates)
    .where(and(eq(templates.workspaceId, workspaceId), eq(templates.id, templateId)))
    .for("update");
  return row ?? null;
}

export async function updateTemplateTags(tx: Tx, templateId: string, tags: string[]): Promise<void> {
  await tx.update(templates).set({ tags }).where(eq(templates.id, templateId));
}

/** An email node of the graph sends this template (jsonpath over `nodes[*].data`). */
function graphUses(graph: typeof journeys.draft | typeof journeyVersions.graph, templateId: string) {
  return sql`jsonb_path_exists(${graph}, '$.nodes[*].data ? (@.templateId == $id)', jsonb_build_object('id', ${templateId}::text))`;
}

/** The journeys whose draft or any published version sends the template, by name. */
export async function findJourneysUsingTemplate(
  db: Db | Tx,
  workspaceId: string,
  templateId: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: journeys.id, name: journeys.name })
    .from(journeys)
    .where(
      and(
        eq(journeys.workspaceId, workspaceId),
        sql`(${graphUses(journeys.draft, templateId)} or exists (select 1 from ${journeyVersions} where ${journeyVersions.journeyId} = ${journeys.id} and ${graphUses(journeyVersions.graph, templateId)}))`,
      ),
    )
    .orderBy(asc(journeys.name));
}

export async function deleteTemplateRow(tx: Tx, templateId: string): Promise<void> {
  await tx.delete(templates).where(eq(templates.id, templateId));
}
