// The templates list behind the `templates` router: search (name, tag; paged), tags, duplicate,
// and delete — refused, naming the journeys, while any journey's draft or published version
// sends the template (its sends would fail, and a published version's pin must stay readable).
import type { Db } from "@mailstream/db/client";
import { findTemplateById, insertTemplate } from "@mailstream/db/queries/templates";
import {
  deleteTemplateRow,
  findJourneysUsingTemplate,
  findTemplateTagNames,
  lockTemplate,
  searchTemplateSummaries,
  updateTemplateTags,
} from "@mailstream/db/queries/templates-list";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { copyName } from "../lists/names";
import { withoutTag, withTag } from "../lists/tags";

function notFound(templateId: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, `Template ${templateId} does not exist in this workspace.`);
}

export interface TemplateListQuery {
  search?: string | undefined;
  tag?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of templates with the total that match and every tag in use (for the filter). */
export async function searchTemplates(db: Db, workspaceId: string, query: TemplateListQuery) {
  const search = query.search?.trim();
  const tag = query.tag?.trim().toLowerCase();
  const [page, tags] = await Promise.all([
    searchTemplateSummaries(db, workspaceId, { ...query, search: search || undefined, tag: tag || undefined }),
    findTemplateTagNames(db, workspaceId),
  ]);
  return { items: page.rows, total: page.total, tags };
}

/** A new template with the original's content, sender and tags, named "… (copy)". */
export async function duplicateTemplate(db: Db, workspaceId: string, templateId: string, audit?: AuditContext | null) {
  const original = await findTemplateById(db, workspaceId, templateId);
  if (!original) throw notFound(templateId);
  return db.transaction(async (tx) => {
    const copy = await insertTemplate(tx, workspaceId, {
      name: copyName(original.name),
      subject: original.subject,
      preheader: original.preheader,
      body: original.body,
      blocks: original.blocks,
      requiredVariables: original.requiredVariables,
      fromAddress: original.fromAddress,
      replyTo: original.replyTo,
    });
    await updateTemplateTags(tx, copy.id, original.tags);
    await recordAudit(tx, {
      context: audit,
      action: "template.duplicate",
      target: { type: "template", id: copy.id, label: copy.name },
      changes: { fields: ["content", "tags"], after: { duplicatedFrom: original.id } },
    });
    return { id: copy.id, name: copy.name };
  });
}

/** Deletes a template no journey uses; otherwise a CONFLICT that names every journey using it. */
export async function deleteTemplate(db: Db, workspaceId: string, templateId: string, audit?: AuditContext | null) {
  return db.transaction(async (tx) => {
    const template = await lockTemplate(tx, workspaceId, templateId);
    if (!template) throw notFound(templateId);
    const users = await findJourneysUsingTemplate(tx, workspaceId, templateId);
    if (users.length > 0) {
      const names = users.map((journey) => `"${journey.name}"`).join(", ");
      throw new AppError(
        AppErrorCode.CONFLICT,
        `"${template.name}" is used by ${users.length === 1 ? "the journey" : "the journeys"} ${names}; remove it from ${users.length === 1 ? "that journey" : "them"} (draft and published versions) before deleting it.`,
      );
    }
    await deleteTemplateRow(tx, templateId);
    await recordAudit(tx, {
      context: audit,
      action: "template.delete",
      target: { type: "template", id: templateId, label: template.name },
    });
    return { templateId, deleted: true as const };
  });
}

/** Adds or removes one tag; repeating either changes nothing. Returns the template's tags. */
export async function changeTemplateTag(
  db: Db,
  workspaceId: string,
  input: { templateId: string; tag: string; change: "add" | "remove" },
  audit?: AuditContext | null,
): Promise<{ templateId: string; tags: string[] }> {
  return db.transaction(async (tx) => {
    const template = await lockTemplate(tx, workspaceId, input.templateId);
    if (!template) throw notFound(input.templateId);
    const tags = input.change === "add" ? withTag(template.tags, input.tag) : withoutTag(template.tags, input.tag);
    if (tags.join("\n") !== template.tags.join("\n")) {
      await updateTemplateTags(tx, template.id, tags);
      await recordAudit(tx, {
        context: audit,
        action: "template.tag",
        target: { type: "template", id: template.id, label: template.name },
        changes: { fields: ["tags"], before: { tags: template.tags }, after: { tags } },
      });
    }
    return { templateId: template.id, tags };
  });
}
