// The audience estimate shown before sending: how many contacts the audience holds now, how
// many have no address, and how many lack a value the template cannot do without (those will
// be skipped, "never Hi ,") — for each A/B/n variant apart, against its own template and
// subject. The variable check runs on up to SAMPLE_SIZE contacts and is scaled to the
// audience, so the estimate stays fast on a million contacts.
import type { Db } from "@mailstream/db/client";
import { countAudience, sampleAudienceContacts, type BroadcastAudience } from "@mailstream/db/queries/broadcasts";
import { findSegmentById } from "@mailstream/db/queries/segments";
import { findTopic } from "@mailstream/db/queries/subscription-topics";
import { findTemplateById, findWorkspaceVariables } from "@mailstream/db/queries/templates";
import { inlinePartials } from "@mailstream/emails/blocks";
import { MissingVariableError, TemplateRenderError } from "@mailstream/emails/liquid";
import { buildLiquidScope } from "@mailstream/emails/render";
import { assertRequiredVariables, type CheckedContent } from "@mailstream/emails/required";
import { AppError, AppErrorCode } from "../errors/app-error";
import { loadPartials, parseStoredBlocks } from "../templates/load-template";
import { BROADCAST_VARIANT_KEYS } from "./broadcast-ab-input";
import type { BroadcastDraftInput, BroadcastEstimateInput } from "./broadcast-input";

export const ESTIMATE_SAMPLE_SIZE = 2_000;

/** Contacts expected to be skipped for a missing required value (scaled from the sample). */
export interface MissingVariablesEstimate {
  count: number;
  sampled: number;
  isExact: boolean;
  examples: string[];
}

export interface BroadcastEstimate {
  audienceSize: number;
  withoutEmail: number;
  /** The worst variant's figure: for a plain broadcast, its template's. */
  missingVariables: MissingVariablesEstimate;
  /**
   * Per variant ("A", "B", …), each checked against its own template and subject, as if it went
   * to the whole audience: a test sends each to a share, and the winner to the rest.
   */
  variants: (MissingVariablesEstimate & { key: string; templateId: string })[];
  /** Things that make sending refuse or skip, in words; empty when all is well. */
  warnings: string[];
}

function invalid(path: string, message: string): AppError {
  return new AppError(AppErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });
}

export async function resolveAudience(
  db: Db,
  workspaceId: string,
  audience: BroadcastDraftInput["audience"],
): Promise<BroadcastAudience> {
  if (!audience) throw invalid("audience", "Choose an audience: a segment or a subscription topic.");
  if (audience.kind === "segment") {
    if (!(await findSegmentById(db, workspaceId, audience.segmentId))) {
      throw invalid("audience.segmentId", `Segment ${audience.segmentId} does not exist in this workspace.`);
    }
    return { workspaceId, segmentId: audience.segmentId, topicId: null };
  }
  if (!(await findTopic(db, workspaceId, audience.topicId))) {
    throw invalid("audience.topicId", `Subscription topic ${audience.topicId} does not exist in this workspace.`);
  }
  return { workspaceId, segmentId: null, topicId: audience.topicId };
}

/** What one variant sends: its template with the variant's subject, partials inlined. */
interface VariantContent {
  key: string;
  templateId: string;
  field: string;
  requiredVariables: readonly string[];
  content: CheckedContent;
}

async function loadVariantContents(
  db: Db,
  workspaceId: string,
  input: BroadcastEstimateInput,
): Promise<VariantContent[]> {
  const variants = input.variants.length > 0 ? input.variants : [{ templateId: null, subject: null }];
  const contents: VariantContent[] = [];
  for (const [index, variant] of variants.entries()) {
    const templateId = variant.templateId ?? input.templateId;
    if (!templateId) continue;
    const field = variant.templateId ? `variants.${index}.templateId` : "templateId";
    const template = await findTemplateById(db, workspaceId, templateId);
    if (!template) throw invalid(field, `Template ${templateId} does not exist in this workspace.`);
    let blocks = parseStoredBlocks(template.blocks, `Template ${template.id}`);
    if (blocks) blocks = inlinePartials(blocks, await loadPartials(db, workspaceId, blocks));
    contents.push({
      key: BROADCAST_VARIANT_KEYS[index] ?? String(index),
      templateId,
      field: variant.subject ? `variants.${index}.subject` : field,
      requiredVariables: template.requiredVariables,
      content: {
        subject: variant.subject ?? template.subject,
        preheader: template.preheader,
        body: template.body,
        blocks,
      },
    });
  }
  return contents;
}

/** The first missing value's reason for this contact, or null when the variant can be sent to them. */
function findMissingValue(variant: VariantContent, scope: Record<string, unknown>): string | null {
  try {
    assertRequiredVariables(variant.requiredVariables, variant.content, scope);
    return null;
  } catch (error) {
    if (error instanceof MissingVariableError) return error.message;
    if (error instanceof TemplateRenderError) throw invalid(variant.field, error.message);
    throw error;
  }
}

export async function estimateBroadcast(
  db: Db,
  workspaceId: string,
  input: BroadcastEstimateInput,
): Promise<BroadcastEstimate> {
  const audience = await resolveAudience(db, workspaceId, input.audience);
  const { total, withEmail } = await countAudience(db, audience);
  const warnings: string[] = [];
  if (total === 0) warnings.push("The audience is empty: nobody would get this broadcast.");
  const withoutEmail = total - withEmail;
  if (withoutEmail > 0) warnings.push(`${withoutEmail} contact(s) have no email address and will be skipped.`);
  const contents = await loadVariantContents(db, workspaceId, input);
  const [sample, workspace] = contents.length
    ? await Promise.all([
        sampleAudienceContacts(db, audience, ESTIMATE_SAMPLE_SIZE),
        findWorkspaceVariables(db, workspaceId),
      ])
    : [[], undefined];
  // One scope per contact, checked against every variant.
  const reasons = contents.map(() => new Map<string, number>());
  for (const contact of sample) {
    const scope = buildLiquidScope({
      contact: { ...contact.traits, email: contact.email, userId: contact.userId },
      event: {},
      journey: { id: "", name: "" },
      workspace,
    });
    contents.forEach((variant, index) => {
      const reason = findMissingValue(variant, scope);
      if (reason !== null) reasons[index]?.set(reason, (reasons[index]?.get(reason) ?? 0) + 1);
    });
  }
  const isExact = sample.length >= total;
  const variants = contents.map((variant, index) => {
    const missing = reasons[index] ?? new Map<string, number>();
    const lacking = [...missing.values()].reduce((sum, n) => sum + n, 0);
    return {
      key: variant.key,
      templateId: variant.templateId,
      count: isExact || sample.length === 0 ? lacking : Math.round((lacking / sample.length) * total),
      sampled: sample.length,
      isExact,
      examples: [...missing.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([text]) => text),
    };
  });
  const isTest = input.variants.length > 0;
  for (const variant of variants) {
    if (variant.count === 0) continue;
    const count = `${isExact ? "" : "about "}${variant.count} contact(s)`;
    const examples = variant.examples.join("; ");
    warnings.push(
      isTest
        ? `Variant ${variant.key}: ${count} lack a value its template requires and would be skipped (${examples}).`
        : `${count[0]?.toUpperCase()}${count.slice(1)} lack a value the template requires and will be skipped (${examples}).`,
    );
  }
  const worst = variants.reduce<MissingVariablesEstimate | null>(
    (max, variant) => (max === null || variant.count > max.count ? variant : max),
    null,
  );
  const missingVariables = worst
    ? { count: worst.count, sampled: worst.sampled, isExact: worst.isExact, examples: worst.examples }
    : { count: 0, sampled: 0, isExact: true, examples: [] };
  return { audienceSize: total, withoutEmail, missingVariables, variants, warnings };
}
