// The audience estimate shown before sending: how many contacts the audience holds now, how
// many have no address, and how many lack a value the template cannot do without (those will
// be skipped, "never Hi ,"). The variable check runs on up to SAMPLE_SIZE contacts and is
// scaled to the audience, so the estimate stays fast on a million contacts.
import type { Db } from "@mailstream/db/client";
import { countAudience, sampleAudienceContacts, type BroadcastAudience } from "@mailstream/db/queries/broadcasts";
import { findSegmentById } from "@mailstream/db/queries/segments";
import { findTopic } from "@mailstream/db/queries/subscription-topics";
import { findTemplateById, findWorkspaceVariables } from "@mailstream/db/queries/templates";
import { inlinePartials } from "@mailstream/emails/blocks";
import { MissingVariableError, TemplateRenderError } from "@mailstream/emails/liquid";
import { buildLiquidScope } from "@mailstream/emails/render";
import { assertRequiredVariables } from "@mailstream/emails/required";
import { AppError, AppErrorCode } from "../errors/app-error";
import { loadPartials, parseStoredBlocks } from "../templates/load-template";
import type { BroadcastDraftInput } from "./broadcast-input";

export const ESTIMATE_SAMPLE_SIZE = 2_000;

export interface BroadcastEstimate {
  audienceSize: number;
  withoutEmail: number;
  /** Contacts expected to be skipped for a missing required value (scaled from the sample). */
  missingVariables: { count: number; sampled: number; isExact: boolean; examples: string[] };
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

export async function estimateBroadcast(
  db: Db,
  workspaceId: string,
  input: Pick<BroadcastDraftInput, "audience" | "templateId">,
): Promise<BroadcastEstimate> {
  const audience = await resolveAudience(db, workspaceId, input.audience);
  const { total, withEmail } = await countAudience(db, audience);
  const warnings: string[] = [];
  if (total === 0) warnings.push("The audience is empty: nobody would get this broadcast.");
  const withoutEmail = total - withEmail;
  if (withoutEmail > 0) warnings.push(`${withoutEmail} contact(s) have no email address and will be skipped.`);
  const missingVariables = { count: 0, sampled: 0, isExact: true, examples: [] as string[] };
  if (input.templateId) {
    const template = await findTemplateById(db, workspaceId, input.templateId);
    if (!template) throw invalid("templateId", `Template ${input.templateId} does not exist in this workspace.`);
    const [sample, workspace] = await Promise.all([
      sampleAudienceContacts(db, audience, ESTIMATE_SAMPLE_SIZE),
      findWorkspaceVariables(db, workspaceId),
    ]);
    let blocks = parseStoredBlocks(template.blocks, `Template ${template.id}`);
    if (blocks) blocks = inlinePartials(blocks, await loadPartials(db, workspaceId, blocks));
    const content = { subject: template.subject, preheader: template.preheader, body: template.body, blocks };
    const missing = new Map<string, number>();
    let lacking = 0;
    for (const contact of sample) {
      const scope = buildLiquidScope({
        contact: { ...contact.traits, email: contact.email, userId: contact.userId },
        event: {},
        journey: { id: "", name: "" },
        workspace,
      });
      try {
        assertRequiredVariables(template.requiredVariables, content, scope);
      } catch (error) {
        if (!(error instanceof MissingVariableError)) {
          if (error instanceof TemplateRenderError) throw invalid("templateId", error.message);
          throw error;
        }
        lacking++;
        missing.set(error.message, (missing.get(error.message) ?? 0) + 1);
      }
    }
    const isExact = sample.length >= total;
    missingVariables.sampled = sample.length;
    missingVariables.isExact = isExact;
    missingVariables.count = isExact || sample.length === 0 ? lacking : Math.round((lacking / sample.length) * total);
    missingVariables.examples = [...missing.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([text]) => text);
    if (missingVariables.count > 0) {
      warnings.push(
        `${isExact ? "" : "About "}${missingVariables.count} contact(s) lack a value the template requires and will be skipped (${missingVariables.examples.join("; ")}).`,
      );
    }
  }
  return { audienceSize: total, withoutEmail, missingVariables, warnings };
}
