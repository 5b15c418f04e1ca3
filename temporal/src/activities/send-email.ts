// The `sendEmail` activity (runs on the rate-limited `email` task queue): resolve the
// address, honour suppressions, render, then write-once into `messages` and hand the email
// to the transport. The idempotency key makes a retried attempt find the earlier row, so
// an email is delivered at most once per (run, node).
import { randomUUID } from "node:crypto";
import { ApplicationFailure } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import {
  deliverMessageOnce,
  findContactForSend,
  findJourneyForSend,
  findTemplateForSend,
  insertMessageOnce,
  findWorkspaceSendSettings,
  isSuppressed,
  markMessageFailed,
  type Message,
} from "@mailstream/db/queries/messages-write";
import { buildListUnsubscribeHeaders } from "@mailstream/emails/headers";
import { TemplateRenderError } from "@mailstream/emails/liquid";
import { renderEmail } from "@mailstream/emails/render";
import { addOpenPixel, rewriteLinks } from "@mailstream/emails/tracking/rewrite";
import { buildTrackingUrls } from "@mailstream/emails/tracking/token";
import { PermanentSendError, type EmailTransport } from "@mailstream/emails/transports";
import type { JourneyRunInput } from "../contracts";

/** Failure type the workflow's retry policy lists as non-retryable. */
export const PERMANENT_SEND_ERROR = "PermanentSendError";

export interface SendEmailDeps {
  db: Db;
  transport: EmailTransport;
  defaultFrom: string;
  publicUrl: string;
  /**
   * MAILSTREAM_SECRET, shared with the web app that verifies the tokens. With it every email
   * gets List-Unsubscribe (RFC 8058) headers and a footer link, and, when the workspace has
   * tracking on, click-tracked links and an open pixel. Without it none of these are added.
   */
  secret?: string | undefined;
}

export interface SendEmailInput {
  runId: string;
  workspaceId: string;
  journeyId: string;
  contactId: string;
  nodeId: string;
  templateId: string;
  trigger: JourneyRunInput["trigger"];
}

export type SendEmailResult =
  | { status: "sent" | "suppressed"; messageId: string }
  | { status: "skipped"; messageId: null; reason: string };

const ADDRESS_PATTERN = /^[^\s@<>]+@[^\s@<>]+$/;

/** Retrying cannot fix these (missing template, bad address…): fail the attempt for good. */
function permanentFailure(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: PERMANENT_SEND_ERROR, message, nonRetryable: true });
}

function isPermanentSendError(error: unknown): error is Error {
  return error instanceof PermanentSendError || (error instanceof Error && error.name === PERMANENT_SEND_ERROR);
}

/** The first non-empty string among the candidates, trimmed. */
function pickAddress(...candidates: unknown[]): string | null {
  for (const candidate of candidates) {
    if (typeof candidate === "string" && candidate.trim() !== "") return candidate.trim();
  }
  return null;
}

export function createSendEmailActivity(deps: SendEmailDeps) {
  const messageIdDomain = new URL(deps.publicUrl).hostname || "mailstream.local";

  return async function sendEmail(input: SendEmailInput): Promise<SendEmailResult> {
    const { db } = deps;
    const [contact, template, journey] = await Promise.all([
      findContactForSend(db, input.workspaceId, input.contactId),
      findTemplateForSend(db, input.workspaceId, input.templateId),
      findJourneyForSend(db, input.workspaceId, input.journeyId),
    ]);
    if (!contact) throw permanentFailure(`contact ${input.contactId} not found in workspace ${input.workspaceId}`);
    if (!template) throw permanentFailure(`template ${input.templateId} not found in workspace ${input.workspaceId}`);

    const to = pickAddress(contact.email, input.trigger.traits.email, input.trigger.properties.email);
    if (!to) return { status: "skipped", messageId: null, reason: "no email address" };
    if (!ADDRESS_PATTERN.test(to)) throw permanentFailure(`invalid email address "${to}"`);

    const [suppressed, settings] = await Promise.all([
      isSuppressed(db, input.workspaceId, to),
      findWorkspaceSendSettings(db, input.workspaceId),
    ]);
    // The id is chosen before rendering because the tracking tokens name it. A retry renders
    // again with a new id, but insertMessageOnce then returns the first row, tokens and all.
    const id = randomUUID();
    const links = deps.secret ? buildTrackingUrls(deps.publicUrl, deps.secret, id) : null;
    const context = {
      contact: { ...contact.traits, email: to, userId: contact.userId },
      // Flattened (`{{ event.plan }}`) and nested (`{{ event.properties.plan }}`, the path
      // trigger filters use) both work.
      event: {
        ...input.trigger.traits,
        ...input.trigger.properties,
        name: input.trigger.event,
        properties: input.trigger.properties,
        traits: input.trigger.traits,
      },
      journey: { id: input.journeyId, name: journey?.name ?? "" },
    };
    let rendered: Awaited<ReturnType<typeof renderEmail>>;
    try {
      rendered = await renderEmail({
        template: { subject: template.subject, preheader: template.preheader, body: template.body },
        context,
        ...(links ? { unsubscribeUrl: links.unsubscribe } : {}),
      });
    } catch (error) {
      // A template error (bad Liquid, empty subject) will not fix itself on retry; anything
      // else is a bug or an outage, so the retry policy gets a chance (and the UI shows it).
      if (!(error instanceof TemplateRenderError)) throw error;
      throw permanentFailure(`template ${template.id} failed to render (${error.field}): ${error.message}`);
    }

    let html = rendered.html;
    if (links && settings.trackingEnabled) {
      html = addOpenPixel(rewriteLinks(html, { trackUrl: links.click, skipPrefix: links.unsubscribe }), links.open);
    }
    const idempotencyKey = `${input.runId}:${input.nodeId}`;
    const message = await insertMessageOnce(db, {
      id,
      workspaceId: input.workspaceId,
      contactId: contact.id,
      runId: input.runId,
      journeyId: input.journeyId,
      nodeId: input.nodeId,
      templateId: template.id,
      idempotencyKey,
      toAddress: to,
      fromAddress: template.fromAddress ?? deps.defaultFrom,
      subject: rendered.subject,
      html,
      text: rendered.text,
      headers: {
        "Message-ID": `<${id}@${messageIdDomain}>`,
        "X-Mailstream-Run": input.runId,
        "X-Mailstream-Node": input.nodeId,
        // Journey emails are marketing email: all of them carry one-click unsubscribe.
        ...(links ? buildListUnsubscribeHeaders(links.unsubscribe) : {}),
      },
      transport: deps.transport.name,
      status: suppressed ? "suppressed" : "queued",
    });
    // From here on the stored row is the truth: an earlier attempt may have written it.
    if (message.status === "sent" || message.status === "suppressed") {
      return { status: message.status, messageId: message.id };
    }
    if (message.status === "failed") throw permanentFailure(message.error ?? `message ${message.id} failed earlier`);

    let sent: Message;
    try {
      sent = await deliverMessageOnce(db, message.id, (row) =>
        deps.transport.send({
          idempotencyKey: row.idempotencyKey,
          from: row.fromAddress,
          to: row.toAddress,
          subject: row.subject,
          html: row.html,
          text: row.text,
          headers: row.headers,
        }),
      );
    } catch (error) {
      if (!isPermanentSendError(error)) throw error; // transient: the retry policy tries again
      await markMessageFailed(db, message.id, error.message);
      throw permanentFailure(error.message);
    }
    // Another attempt may have settled the row while this one waited for its lock.
    if (sent.status === "failed") throw permanentFailure(sent.error ?? `message ${sent.id} failed earlier`);
    return { status: sent.status === "suppressed" ? "suppressed" : "sent", messageId: sent.id };
  };
}
