// One broadcast email, rendered and ready to store: the compiled template's Liquid for this
// contact, tracked links and the open pixel (when the workspace tracks), List-Unsubscribe, and
// the `messages` row under the broadcast's key — `queued`, or `suppressed` with the reason for a
// suppressed address (the record journeys keep too). A value the contact lacks skips them.
import { randomUUID } from "node:crypto";
import { ApplicationFailure } from "@temporalio/activity";
import type { BroadcastRow } from "@mailstream/db/queries/broadcasts";
import type { PageMessage } from "@mailstream/db/queries/messages-batch";
import type { findWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import type { SendableTemplate } from "@mailstream/core/templates/load-template";
import { buildListUnsubscribeHeaders } from "@mailstream/emails/headers";
import { MissingVariableError, TemplateRenderError } from "@mailstream/emails/liquid";
import { buildTrackingUrls } from "@mailstream/emails/tracking/token";
import type { BroadcastRenderer } from "./broadcast-render";
import { withSenderName } from "./broadcast-variant";
import { PERMANENT_BROADCAST_ERROR } from "./broadcast-steps";
import type { SendConsent } from "./send-consent";

/** What every email of a page shares. */
export interface PageContext {
  broadcast: BroadcastRow;
  settings: Awaited<ReturnType<typeof findWorkspaceSettings>>;
  workspace: Record<string, unknown>;
  transportName: string;
  defaultFrom: string;
  publicUrl: string;
  secret: string | undefined;
  messageIdDomain: string;
  renderer: BroadcastRenderer;
}

export async function renderBroadcastMessage(
  page: PageContext,
  input: {
    contact: { id: string; userId: string | null; traits: Record<string, unknown> };
    to: string;
    template: SendableTemplate;
    decision: Exclude<SendConsent, { decision: "skipped" }>;
    /** A staggered A/B variant's sender display name (null: the address as configured). */
    senderName: string | null;
  },
): Promise<{ row: PageMessage } | { skipped: string }> {
  const { broadcast, settings } = page;
  const { contact, to, template } = input;
  // The id is chosen before rendering because the tracking tokens name it.
  const id = randomUUID();
  const links = page.secret ? buildTrackingUrls(page.publicUrl, page.secret, id, broadcast.topicId) : null;
  let rendered: Awaited<ReturnType<BroadcastRenderer["render"]>>;
  try {
    rendered = await page.renderer.render({
      workspaceId: broadcast.workspaceId,
      template,
      unsubscribeUrl: links?.unsubscribe ?? null,
      tracking:
        links && (settings?.trackingEnabled ?? true)
          ? { urls: links, linkDomains: settings?.linkDomains, publicUrl: page.publicUrl }
          : null,
      context: {
        contact: { ...contact.traits, email: to, userId: contact.userId },
        event: {},
        journey: { id: "", name: "" },
        workspace: page.workspace,
      },
    });
  } catch (error) {
    if (error instanceof MissingVariableError) return { skipped: error.message };
    if (error instanceof TemplateRenderError) {
      throw ApplicationFailure.create({
        type: PERMANENT_BROADCAST_ERROR,
        message: `template failed to render: ${error.message}`,
        nonRetryable: true,
      });
    }
    throw error;
  }
  const replyTo = template.replyTo ?? settings?.defaultReplyTo ?? null;
  const isSuppressed = input.decision.decision === "suppressed";
  return {
    row: {
      id,
      workspaceId: broadcast.workspaceId,
      contactId: contact.id,
      templateId: template.templateId,
      idempotencyKey: `broadcast:${broadcast.id}:${contact.id}`,
      toAddress: to,
      fromAddress: withSenderName(
        broadcast.fromAddress ?? template.fromAddress ?? settings?.defaultFrom ?? page.defaultFrom,
        input.senderName,
      ),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: {
        "Message-ID": `<${id}@${page.messageIdDomain}>`,
        "X-Mailstream-Broadcast": broadcast.id,
        ...(replyTo ? { "Reply-To": replyTo } : {}),
        ...(links ? buildListUnsubscribeHeaders(links.unsubscribe) : {}),
      },
      transport: page.transportName,
      status: isSuppressed ? "suppressed" : "queued",
      // Why it was not sent, shown beside the status in the Inbox.
      ...(input.decision.decision === "suppressed" ? { error: input.decision.reason } : {}),
    },
  };
}
