// Template use cases: list, read, create, update (content validated, Liquid-checked, partials
// resolvable), preview (as sample JSON or as a real contact with its latest event; template
// problems and unknown variables come back as data) and the version list. The list's search,
// tags, duplicate and delete are template-list.ts.
import type { Db } from "@mailstream/db/client";
import { findLivePinnedVersions, findTemplateVersions } from "@mailstream/db/queries/template-versions";
import {
  findContactWithLatestEvent,
  findKnownVariables,
  findPreviewContacts,
  findTemplateById,
  findTemplates,
  findWorkspaceVariables,
  insertTemplate,
  updateTemplate,
  type TemplateFields,
} from "@mailstream/db/queries/templates";
import {
  checkTemplateSyntax,
  findTemplateVariables,
  findUnknownVariables,
  type UnknownVariable,
} from "@mailstream/emails/analyze";
import { findPartialIds, inlinePartials, type Block } from "@mailstream/emails/blocks";
import { TemplateRenderError } from "@mailstream/emails/liquid";
import { assertSafeLinks } from "./link-check";
import { loadPartials, parseStoredBlocks } from "./load-template";
import { renderEmail, type RenderContext } from "@mailstream/emails/render";
import { findOutputsWithoutDefault, type OutputWithoutDefault } from "@mailstream/emails/required";
import type { TemplateContent } from "@mailstream/emails/template";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { requireName } from "../lists/names";

export type TemplateInput = Partial<TemplateContent> & {
  name?: string;
  fromAddress?: string | null;
  replyTo?: string | null;
};

/** What "New template" starts from: a heading, a personalized text block and a button. */
export const STARTER_TEMPLATE: TemplateContent = {
  subject: 'Welcome, {{ first_name | default: "there" }}!',
  preheader: "Thanks for signing up",
  body: "",
  blocks: [
    { type: "heading", id: "heading", level: 1, text: 'Welcome, {{ first_name | default: "there" }}!' },
    { type: "text", id: "intro", text: "Thanks for joining us. We are glad you are here." },
    { type: "button", id: "cta", label: "Get started", url: "https://mailstream.test/start" },
    { type: "text", id: "signoff", text: "The team" },
  ],
  requiredVariables: [],
};

function notFound(templateId: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, `Template ${templateId} does not exist in this workspace.`);
}

function badRequest(error: unknown): never {
  if (error instanceof TemplateRenderError)
    throw new AppError(AppErrorCode.INVALID_INPUT, error.message, { cause: error });
  throw error;
}

/** Saving a template that cannot render would only fail later, at send time: reject it now. */
async function assertRenderable(
  db: Db,
  workspaceId: string,
  content: TemplateInput,
  saved?: { subject: string; preheader: string; body: string },
) {
  try {
    checkTemplateSyntax({
      subject: content.subject ?? saved?.subject ?? "",
      preheader: content.preheader ?? saved?.preheader ?? "",
      body: content.body ?? saved?.body ?? "",
      blocks: content.blocks ?? null,
    });
  } catch (error) {
    badRequest(error);
  }
  // Only the content this save writes: renaming a template never fails on what it already holds.
  if (content.blocks) assertSafeLinks({ blocks: content.blocks });
  else if (content.body !== undefined) assertSafeLinks({ body: content.body });
  if (!content.blocks) return;
  const partials = await loadPartials(db, workspaceId, content.blocks);
  const missing = findPartialIds(content.blocks).filter((id) => !partials.has(id));
  if (missing.length > 0)
    throw new AppError(AppErrorCode.INVALID_INPUT, `Partial ${missing.join(", ")} does not exist in this workspace.`);
}

function toFields(input: TemplateInput): Partial<TemplateFields> {
  const fields: Partial<TemplateFields> = {};
  if (input.name !== undefined) fields.name = requireName(input.name, "template");
  if (input.subject !== undefined) fields.subject = input.subject;
  if (input.preheader !== undefined) fields.preheader = input.preheader;
  if (input.body !== undefined) fields.body = input.body;
  if (input.blocks !== undefined) fields.blocks = input.blocks;
  if (input.requiredVariables !== undefined) fields.requiredVariables = input.requiredVariables;
  if (input.fromAddress !== undefined) fields.fromAddress = input.fromAddress;
  if (input.replyTo !== undefined) fields.replyTo = input.replyTo;
  return fields;
}

export function listTemplates(db: Db, workspaceId: string) {
  return findTemplates(db, workspaceId);
}

export async function getTemplate(db: Db, workspaceId: string, templateId: string) {
  const template = await findTemplateById(db, workspaceId, templateId);
  if (!template) throw notFound(templateId);
  const versions = await findTemplateVersions(db, workspaceId, templateId);
  return { ...template, blocks: parseStoredBlocks(template.blocks, "Template"), versions };
}

export async function createTemplate(
  db: Db,
  workspaceId: string,
  input: { name: string; content?: TemplateContent },
  audit?: AuditContext | null,
) {
  const content = input.content ?? STARTER_TEMPLATE;
  await assertRenderable(db, workspaceId, content);
  return db.transaction(async (tx) => {
    const created = await insertTemplate(tx, workspaceId, {
      name: requireName(input.name, "template"),
      subject: content.subject,
      body: content.body,
      ...toFields(content),
    });
    await recordAudit(tx, {
      context: audit,
      action: "template.create",
      target: { type: "template", id: created.id, label: created.name },
    });
    return created;
  });
}

export async function saveTemplate(
  db: Db,
  workspaceId: string,
  templateId: string,
  input: TemplateInput,
  audit?: AuditContext | null,
) {
  const saved = await findTemplateById(db, workspaceId, templateId);
  if (!saved) throw notFound(templateId);
  await assertRenderable(db, workspaceId, input, saved);
  await db.transaction(async (tx) => {
    const fields = toFields(input);
    const updated = await updateTemplate(tx, workspaceId, templateId, fields);
    if (!updated) throw notFound(templateId);
    // Content is named, not copied: a template body can hold anything its author pasted.
    await recordAudit(tx, {
      context: audit,
      action: "template.save",
      target: { type: "template", id: templateId, label: fields.name ?? saved.name },
      changes: { fields: Object.keys(fields).filter((key) => fields[key as keyof typeof fields] !== undefined) },
    });
  });
  return getTemplate(db, workspaceId, templateId);
}

export type TemplatePreview = (
  | { ok: true; subject: string; html: string; text: string }
  | { ok: false; field: TemplateRenderError["field"] | null; blockId: string | null; message: string }
) & {
  unknownVariables: UnknownVariable[];
  /** Printed without `| default:`: a contact lacking one is skipped at send time (the editor warns). */
  outputsWithoutDefault: OutputWithoutDefault[];
  contactLabel: string | null;
};

/** The blocks with partials inlined when they all resolve (the analysis reads their content too). */
function tryInline(
  blocks: Block[] | null | undefined,
  partials: ReadonlyMap<string, readonly Block[]>,
): Block[] | null | undefined {
  if (!blocks) return blocks;
  try {
    return inlinePartials(blocks, partials);
  } catch {
    return blocks; // a missing partial is the render's error to report
  }
}

/** The preview's context for a real contact: its traits and its latest track event as `event`. */
async function contactContext(
  db: Db,
  workspaceId: string,
  contactId: string,
): Promise<{ context: RenderContext; label: string }> {
  const found = await findContactWithLatestEvent(db, workspaceId, contactId);
  if (!found) throw new AppError(AppErrorCode.NOT_FOUND, `Contact ${contactId} does not exist in this workspace.`);
  const { contact, event } = found;
  return {
    label: contact.email ?? contact.userId ?? contact.id,
    context: {
      contact: { ...contact.traits, email: contact.email, userId: contact.userId },
      event: event
        ? {
            ...event.traits,
            ...event.properties,
            name: event.event,
            properties: event.properties,
            traits: event.traits,
          }
        : {},
      journey: { id: "preview", name: "Preview" },
    },
  };
}

/**
 * Renders a saved template or unsaved content (the editor previews as you type). A broken
 * template or a missing required value is an expected state while typing: returned, not thrown.
 */
export async function previewTemplate(
  db: Db,
  workspaceId: string,
  input: {
    templateId?: string | undefined;
    content?: TemplateContent | undefined;
    contactId?: string | undefined;
    context: RenderContext;
  },
): Promise<TemplatePreview> {
  const saved = input.content ? null : input.templateId ? await getTemplate(db, workspaceId, input.templateId) : null;
  const template = input.content ?? saved;
  if (!template) throw new AppError(AppErrorCode.INVALID_INPUT, "Pass either templateId or content to preview.");
  const [{ context, label }, workspace, known, partials] = await Promise.all([
    input.contactId ? contactContext(db, workspaceId, input.contactId) : { context: input.context, label: null },
    findWorkspaceVariables(db, workspaceId),
    // Bounded scans (the latest 1000 contacts and events), cheap enough per debounced preview,
    // and never stale: a trait identified a moment ago is known at once.
    findKnownVariables(db, workspaceId),
    loadPartials(db, workspaceId, template.blocks ?? null),
  ]);
  const unknownVariables = findUnknownVariables(findTemplateVariables(template), {
    ...known,
    workspaceVariables: Object.keys(workspace).filter((key) => key !== "id" && key !== "name"),
  });
  const outputsWithoutDefault = findOutputsWithoutDefault({
    ...template,
    blocks: tryInline(template.blocks, partials),
  });
  const analysis = { unknownVariables, outputsWithoutDefault, contactLabel: label };
  try {
    const rendered = await renderEmail({
      template,
      context: { ...context, workspace: { ...workspace, ...context.workspace } },
      partials,
    });
    return { ok: true, ...rendered, ...analysis };
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    return { ok: false, field: error.field, blockId: error.blockId, message: error.message, ...analysis };
  }
}

/** The preview's contact picker. */
export async function searchPreviewContacts(db: Db, workspaceId: string, search: string) {
  const rows = await findPreviewContacts(db, workspaceId, search);
  return rows.map((row) => ({
    id: row.id,
    label: row.email ?? row.userId ?? row.id,
    name: typeof row.traits.name === "string" ? row.traits.name : null,
  }));
}

/** The template versions the journey's live version is pinned to (the editor's "live uses v3" hint). */
export function listLivePinnedVersions(db: Db, workspaceId: string, journeyId: string) {
  return findLivePinnedVersions(db, workspaceId, journeyId);
}
