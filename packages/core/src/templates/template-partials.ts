// Partials: reusable blocks (header, footer) that templates reference by id. Edits reach
// previews and unpinned sends at once, and published journeys when they are published again
// (publishing copies each partial into the template version it pins).
import type { Db } from "@mailstream/db/client";
import {
  findTemplatePartialById,
  findTemplatePartials,
  insertTemplatePartial,
  updateTemplatePartial,
} from "@mailstream/db/queries/template-partials";
import { checkTemplateSyntax } from "@mailstream/emails/analyze";
import { findPartialIds, type Block } from "@mailstream/emails/blocks";
import { TemplateRenderError } from "@mailstream/emails/liquid";
import { assertSafeLinks } from "./link-check";
import { parseStoredBlocks } from "./load-template";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";

function notFound(partialId: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, `Partial ${partialId} does not exist in this workspace.`);
}

function assertPartialBlocks(blocks: Block[]): void {
  // One level only: a partial inside a partial would be dropped at render, so refuse it here.
  if (findPartialIds(blocks).length > 0)
    throw new AppError(AppErrorCode.INVALID_INPUT, "A partial cannot contain another partial.");
  try {
    checkTemplateSyntax({ subject: "", body: "", blocks });
  } catch (error) {
    if (error instanceof TemplateRenderError)
      throw new AppError(AppErrorCode.INVALID_INPUT, error.message, { cause: error });
    throw error;
  }
  assertSafeLinks({ blocks });
}

export function listTemplatePartials(db: Db, workspaceId: string) {
  return findTemplatePartials(db, workspaceId);
}

export async function getTemplatePartial(db: Db, workspaceId: string, partialId: string) {
  const row = await findTemplatePartialById(db, workspaceId, partialId);
  if (!row) throw notFound(partialId);
  return { ...row, blocks: parseStoredBlocks(row.blocks, "Partial") ?? [] };
}

export async function createTemplatePartial(
  db: Db,
  workspaceId: string,
  input: { name: string; blocks: Block[] },
  audit?: AuditContext | null,
) {
  assertPartialBlocks(input.blocks);
  const row = await db.transaction(async (tx) => {
    const inserted = await insertTemplatePartial(tx, workspaceId, input);
    await recordAudit(tx, {
      context: audit,
      action: "partial.create",
      target: { type: "partial", id: inserted.id, label: inserted.name },
    });
    return inserted;
  });
  return { ...row, blocks: input.blocks };
}

export async function saveTemplatePartial(
  db: Db,
  workspaceId: string,
  partialId: string,
  input: { name?: string | undefined; blocks?: Block[] | undefined },
  audit?: AuditContext | null,
) {
  if (input.blocks) assertPartialBlocks(input.blocks);
  const fields: { name?: string; blocks?: Block[] } = {};
  if (input.name !== undefined) fields.name = input.name;
  if (input.blocks !== undefined) fields.blocks = input.blocks;
  await db.transaction(async (tx) => {
    const row = await updateTemplatePartial(tx, workspaceId, partialId, fields);
    if (!row) throw notFound(partialId);
    await recordAudit(tx, {
      context: audit,
      action: "partial.save",
      target: { type: "partial", id: partialId, label: row.name },
      changes: { fields: Object.keys(fields) },
    });
  });
  return getTemplatePartial(db, workspaceId, partialId);
}
