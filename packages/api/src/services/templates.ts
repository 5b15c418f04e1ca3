// Template use cases: list, read, create, update (content validated and Liquid-checked),
// and preview (render with a sample context; template problems come back as data).
import type { Db } from "@mailstream/db/client";
import { findTemplateById, findTemplates, insertTemplate, updateTemplate } from "@mailstream/db/queries/templates";
import { checkLiquidSyntax, TemplateRenderError } from "@mailstream/emails/liquid";
import { renderEmail, type RenderContext } from "@mailstream/emails/render";
import type { TemplateContent } from "@mailstream/emails/template";
import { TRPCError } from "@trpc/server";

/** What "New template" starts from: shows the Liquid default idiom right away. */
export const STARTER_TEMPLATE: TemplateContent = {
  subject: 'Welcome, {{ first_name | default: "there" }}!',
  preheader: "Thanks for signing up",
  body: 'Hi {{ first_name | default: "there" }},\n\nThanks for joining us. We are glad you are here.\n\nThe team',
};

function notFound(templateId: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `Template ${templateId} does not exist in this workspace.` });
}

/** Saving a template that cannot render would only fail later, at send time: reject it now. */
function assertRenderable(content: Partial<TemplateContent>): void {
  try {
    if (content.subject !== undefined) checkLiquidSyntax(content.subject, "subject");
    if (content.preheader !== undefined) checkLiquidSyntax(content.preheader, "preheader");
    if (content.body !== undefined) checkLiquidSyntax(content.body, "body");
  } catch (error) {
    if (error instanceof TemplateRenderError)
      throw new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
    throw error;
  }
}

export function listTemplates(db: Db, workspaceId: string) {
  return findTemplates(db, workspaceId);
}

export async function getTemplate(db: Db, workspaceId: string, templateId: string) {
  const template = await findTemplateById(db, workspaceId, templateId);
  if (!template) throw notFound(templateId);
  return template;
}

export async function createTemplate(db: Db, workspaceId: string, input: { name: string; content?: TemplateContent }) {
  const content = input.content ?? STARTER_TEMPLATE;
  assertRenderable(content);
  return insertTemplate(db, workspaceId, { name: input.name, ...content });
}

export async function saveTemplate(
  db: Db,
  workspaceId: string,
  templateId: string,
  fields: { name?: string } & Partial<TemplateContent>,
) {
  assertRenderable(fields);
  const updated = await updateTemplate(db, workspaceId, templateId, fields);
  if (!updated) throw notFound(templateId);
  return updated;
}

export type TemplatePreview =
  | { ok: true; subject: string; html: string; text: string }
  | { ok: false; field: TemplateRenderError["field"] | null; message: string };

/**
 * Renders a saved template or unsaved content (the editor previews as you type). A broken
 * template is an expected state while typing, so it is returned, not thrown.
 */
export async function previewTemplate(
  db: Db,
  workspaceId: string,
  input: { templateId?: string; content?: TemplateContent; context: RenderContext },
): Promise<TemplatePreview> {
  const template = input.content ?? (input.templateId ? await getTemplate(db, workspaceId, input.templateId) : null);
  if (!template) throw new TRPCError({ code: "BAD_REQUEST", message: "Pass either templateId or content to preview." });
  try {
    const rendered = await renderEmail({ template, context: input.context });
    return { ok: true, ...rendered };
  } catch (error) {
    if (error instanceof TemplateRenderError) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}
