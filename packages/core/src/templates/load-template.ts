// Which template content a send renders, and the snapshot publishing freezes. The rule:
// a run whose plan pins `templateVersionId` renders that version (partials were copied into
// it at publish); plans without a pin (published before versions existed) render the current
// template with the current partials. Editing a template or a partial therefore reaches a
// live journey only when the journey is published again.
import type { Db } from "@mailstream/db/client";
import { findTemplatePartialBlocks } from "@mailstream/db/queries/template-partials";
import {
  findJourneyVersionTemplatePins,
  findRunJourneyVersionId,
  findTemplateVersionById,
  insertTemplateVersionIfChanged,
  type TemplateVersionRow,
} from "@mailstream/db/queries/template-versions";
import { findTemplateById, type TemplateRow } from "@mailstream/db/queries/templates";
import type { TemplateSnapshot } from "@mailstream/db/schema";
import { findPartialIds, inlinePartials, ZBlockListSchema, type Block } from "@mailstream/emails/blocks";
import { ImmutableCache } from "@mailstream/emails/immutable-cache";
import { TemplateRenderError } from "@mailstream/emails/liquid";

export type SendableTemplate = {
  templateId: string;
  /** The pinned version rendered, or null when the current draft was. */
  versionId: string | null;
  subject: string;
  preheader: string;
  body: string;
  blocks: Block[] | null;
  requiredVariables: string[];
  fromAddress: string | null;
  replyTo: string | null;
  partials: Map<string, Block[]>;
};

/** Stored blocks are re-validated: a row written by an older model must fail loudly, not half-render. */
export function parseStoredBlocks(stored: unknown[] | null, what: string): Block[] | null {
  if (stored === null) return null;
  const parsed = ZBlockListSchema.safeParse(stored);
  if (!parsed.success)
    throw new TemplateRenderError(
      "body",
      `${what} has invalid blocks: ${parsed.error.issues[0]?.message ?? "unknown problem"}`,
    );
  return parsed.data;
}

/** Blocks of the partials `blocks` references, by id (a partial's own partial references are dropped when inlined). */
export async function loadPartials(
  db: Db,
  workspaceId: string,
  blocks: readonly Block[] | null,
): Promise<Map<string, Block[]>> {
  const stored = await findTemplatePartialBlocks(db, workspaceId, blocks ? findPartialIds(blocks) : []);
  const partials = new Map<string, Block[]>();
  for (const [id, partialBlocks] of stored) partials.set(id, parseStoredBlocks(partialBlocks, `Partial ${id}`) ?? []);
  return partials;
}

function fromVersion(version: TemplateVersionRow): SendableTemplate {
  const { content } = version;
  return {
    templateId: version.templateId,
    versionId: version.id,
    subject: content.subject,
    preheader: content.preheader,
    body: content.body,
    blocks: parseStoredBlocks(content.blocks, `Template version ${version.id}`),
    requiredVariables: content.requiredVariables,
    fromAddress: content.fromAddress,
    replyTo: content.replyTo,
    partials: new Map(),
  };
}

async function fromDraft(db: Db, workspaceId: string, template: TemplateRow): Promise<SendableTemplate> {
  const blocks = parseStoredBlocks(template.blocks, `Template ${template.id}`);
  return {
    templateId: template.id,
    versionId: null,
    subject: template.subject,
    preheader: template.preheader,
    body: template.body,
    blocks,
    requiredVariables: template.requiredVariables,
    fromAddress: template.fromAddress,
    replyTo: template.replyTo,
    partials: await loadPartials(db, workspaceId, blocks),
  };
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Versions already read, by `<workspace id>:<version id>` (a version never changes, so a hit is
 * never stale); the send activity passes one that lives as long as the worker.
 */
export type TemplateVersionCache = {
  get(key: string, load: () => Promise<SendableTemplate | null>): Promise<SendableTemplate | null>;
};

// Published journey versions are write-once, so a worker keeps their template pins (small):
// a pinned send then costs one primary-key read (the run's version id) instead of a join over
// the plan. Template versions, which may be large, are kept by the caller's size-aware cache.
const pinsByJourneyVersion = new ImmutableCache<Map<string, string> | null>(256);

/** The template version the run's published plan pinned for this node, or null (older plans). */
async function findPinnedVersionId(db: Db, input: SendTemplateInput): Promise<string | null> {
  const journeyVersionId =
    input.journeyVersionId !== undefined
      ? input.journeyVersionId
      : await findRunJourneyVersionId(db, input.workspaceId, input.runId);
  if (!journeyVersionId) return null;
  const pins = await pinsByJourneyVersion.get(`${input.workspaceId}:${journeyVersionId}`, () =>
    findJourneyVersionTemplatePins(db, journeyVersionId),
  );
  return pins?.get(input.nodeId) ?? null;
}

export type SendTemplateInput = {
  workspaceId: string;
  templateId: string;
  runId: string;
  nodeId: string;
  /** The run's journey version when the caller read it already (the send context); absent: read here. */
  journeyVersionId?: string | null | undefined;
};

/** What the email step of this run renders; null when neither the pin nor the template exists. */
export async function loadTemplateForSend(
  db: Db,
  input: SendTemplateInput,
  versions?: TemplateVersionCache,
): Promise<SendableTemplate | null> {
  // Ids in a plan are untrusted text: a malformed one is "not found", not a SQL error.
  if (!UUID_PATTERN.test(input.templateId) || !UUID_PATTERN.test(input.runId)) return null;
  const pinnedId = await findPinnedVersionId(db, input);
  if (pinnedId && UUID_PATTERN.test(pinnedId)) {
    const load = async () => {
      const version = await findTemplateVersionById(db, input.workspaceId, pinnedId);
      return version ? fromVersion(version) : null;
    };
    const version = await (versions ? versions.get(`${input.workspaceId}:${pinnedId}`, load) : load());
    if (version) return version;
  }
  const template = await findTemplateById(db, input.workspaceId, input.templateId);
  return template ? fromDraft(db, input.workspaceId, template) : null;
}

/** A pinned version by id (broadcasts pin one per variant); null when it is not in this workspace. */
export async function loadTemplateVersionForSend(
  db: Db,
  workspaceId: string,
  versionId: string,
): Promise<SendableTemplate | null> {
  if (!UUID_PATTERN.test(versionId)) return null;
  const version = await findTemplateVersionById(db, workspaceId, versionId);
  return version ? fromVersion(version) : null;
}

/** The frozen form of a template: partials copied in, so later partial edits do not reach it. */
export async function buildTemplateSnapshot(
  db: Db,
  workspaceId: string,
  template: TemplateRow,
): Promise<TemplateSnapshot> {
  const draft = await fromDraft(db, workspaceId, template);
  let blocks: Block[] | null = null;
  try {
    blocks = draft.blocks ? inlinePartials(draft.blocks, draft.partials) : null;
  } catch (error) {
    throw new TemplateRenderError(
      "body",
      `Template "${template.name}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    name: template.name,
    subject: draft.subject,
    preheader: draft.preheader,
    body: draft.body,
    blocks,
    requiredVariables: draft.requiredVariables,
    fromAddress: draft.fromAddress,
    replyTo: draft.replyTo,
  };
}

/** Snapshots the template (a new version only when its content changed) and returns the version id. */
export async function pinTemplateVersion(
  db: Db,
  workspaceId: string,
  templateId: string,
): Promise<{ versionId: string; version: number; isNew: boolean }> {
  const template = await findTemplateById(db, workspaceId, templateId);
  if (!template) throw new TemplateRenderError("body", `Template ${templateId} does not exist in this workspace`);
  const snapshot = await buildTemplateSnapshot(db, workspaceId, template);
  const { version, isNew } = await insertTemplateVersionIfChanged(db, workspaceId, templateId, snapshot);
  return { versionId: version.id, version: version.version, isNew };
}
