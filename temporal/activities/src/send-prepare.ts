// One journey send up to its stored row: resolve the address, honour suppressions and topics,
// render the pinned template with its links tracked — pure CPU apart from the template's first
// load (cached per worker) and a rare second suppression read. The same for a send handed off
// alone (send-email.ts) and one in a batch (send-batch.ts); the caller then writes the row.
import { randomUUID } from "node:crypto";
import { ApplicationFailure } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import type { PageMessage } from "@mailstream/db/queries/messages-batch";
import type { SendContext, SendContextInput } from "@mailstream/db/queries/send-context";
import { findSuppression } from "@mailstream/db/queries/suppressions";
import { loadTemplateForSend } from "@mailstream/core/templates/load-template";
import { renderCompiled } from "@mailstream/emails/compiled";
import { buildListUnsubscribeHeaders } from "@mailstream/emails/headers";
import { MissingVariableError, TemplateRenderError } from "@mailstream/emails/liquid";
import { buildTrackingUrls } from "@mailstream/emails/tracking/token";
import { PermanentSendError, type EmailTransport, type WorkspaceTransports } from "@mailstream/emails/transports";
import type { Clock } from "./clock";
import { decideSendConsent } from "./send-consent";
import type { SendEmailInput } from "./send-email";
import { skippedOutcome, type SendOutcome } from "./send-outcome";
import { emailTracking, type SendRenderer } from "./send-render";

/** Failure type the workflow's retry policy lists as non-retryable. */
export const PERMANENT_SEND_ERROR = "PermanentSendError";

/** Retrying cannot fix these (missing template, bad address…): fail the attempt for good. */
export function permanentFailure(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: PERMANENT_SEND_ERROR, message, nonRetryable: true });
}

/** A transport's refusal that a retry cannot cure (a bad address, a 4xx): the message is marked failed. */
export function isPermanentSendError(error: unknown): error is Error {
  return error instanceof PermanentSendError || (error instanceof Error && error.name === PERMANENT_SEND_ERROR);
}

const ADDRESS_PATTERN = /^[^\s@<>]+@[^\s@<>]+$/;

/** The first non-empty string among the candidates, trimmed. */
export function pickAddress(...candidates: unknown[]): string | null {
  for (const candidate of candidates) {
    if (typeof candidate === "string" && candidate.trim() !== "") return candidate.trim();
  }
  return null;
}

/** What the send reads (send-context.ts): a transactional send ignores topics; the trigger's address is the fallback. */
export function sendContextInput(input: SendEmailInput): SendContextInput {
  return {
    workspaceId: input.workspaceId,
    contactId: input.contactId,
    runId: input.runId,
    journeyId: input.journeyId,
    topicId: input.transactional === true ? null : (input.topicId ?? null),
    fallbackEmail: pickAddress(input.trigger.traits.email, input.trigger.properties.email),
  };
}

export interface SendPrepareDeps {
  db: Db;
  transports: WorkspaceTransports;
  renderer: SendRenderer;
  defaultFrom: string;
  publicUrl: string;
  secret?: string | undefined;
  clock?: Clock | undefined;
  /** The Message-ID header's domain (the public URL's host). */
  messageIdDomain: string;
}

/** The row to store (queued, or suppressed with its reason), or an outcome decided without one (a skip). */
export type PreparedSend =
  | { outcome: SendOutcome }
  | {
      row: PageMessage & { createdAt: Date };
      isSuppressed: boolean;
      transport: EmailTransport;
      /** "Now" on the send's clock (the row's `createdAt`), for quiet hours and the cap. */
      now: number;
    };

/** Throws a permanent failure for what retrying cannot fix; anything else is rethrown for the retry policy. */
export async function prepareSend(
  deps: SendPrepareDeps,
  input: SendEmailInput,
  sendContext: SendContext,
): Promise<PreparedSend> {
  const { db } = deps;
  const isTransactional = input.transactional === true;
  const topicId = input.topicId ?? null;
  const { contact } = sendContext;
  if (!contact) throw permanentFailure(`contact ${input.contactId} not found in workspace ${input.workspaceId}`);
  // The version the run's plan pinned at publish (cached per worker); the current template for older plans.
  const template = await loadTemplateForSend(
    db,
    { ...input, journeyVersionId: sendContext.journeyVersionId },
    deps.renderer.versions,
  ).catch((error: unknown) => {
    if (error instanceof TemplateRenderError) throw permanentFailure(error.message);
    throw error;
  });
  if (!template) throw permanentFailure(`template ${input.templateId} not found in workspace ${input.workspaceId}`);
  const settings = sendContext.workspace?.settings ?? null;
  const workspace = {
    ...(settings?.variables ?? {}),
    id: input.workspaceId,
    name: sendContext.workspace?.name ?? "",
  };

  const to = pickAddress(contact.email, input.trigger.traits.email, input.trigger.properties.email);
  if (!to) return { outcome: skippedOutcome("no email address") };
  if (!ADDRESS_PATTERN.test(to)) throw permanentFailure(`invalid email address "${to}"`);

  const suppressionKey = to.toLowerCase();
  // Read with the context unless Postgres normalised the address differently (then once more).
  const suppressionReason = sendContext.suppressionKeys.has(suppressionKey)
    ? (sendContext.suppressions.get(suppressionKey) ?? null)
    : ((await findSuppression(db, input.workspaceId, to))?.reason ?? null);
  const consent = decideSendConsent({ suppressionReason, topicId, topic: sendContext.topic, isTransactional });
  if (consent.decision === "skipped") return { outcome: skippedOutcome(consent.reason) };
  const isSuppressed = consent.decision === "suppressed";
  const trackingEnabled = settings?.trackingEnabled ?? true;
  // Throws (and the retry policy retries) if stored credentials cannot be opened: fixing Settings heals it.
  const transport = deps.transports.transportFor(input.workspaceId, settings?.transport);
  // The id is chosen before rendering because the tracking tokens name it. A retry renders
  // again with a new id, but the write-once insert then returns the first row, tokens and all.
  const id = randomUUID();
  const links = deps.secret
    ? buildTrackingUrls(deps.publicUrl, deps.secret, id, isTransactional ? null : input.topicId)
    : null;
  const unsubscribeUrl = links && !isTransactional ? links.unsubscribe : null;
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
    journey: { id: input.journeyId, name: sendContext.journeyName ?? "" },
    matchedEvents: input.matchedEvents ?? {},
    workspace,
  };
  let rendered: ReturnType<typeof renderCompiled>;
  try {
    // Compiled once per template version (React runs then); per contact only Liquid runs.
    const prepared = await deps.renderer.prepare(input.workspaceId, template);
    // Tracked links and the open pixel go where the compiled template placed its hrefs.
    const tracking =
      links && trackingEnabled ? emailTracking(prepared, links, settings?.linkDomains, deps.publicUrl) : undefined;
    rendered = renderCompiled(prepared.compiled, { context, unsubscribeUrl: unsubscribeUrl ?? undefined, tracking });
  } catch (error) {
    // A template error (bad Liquid, empty subject) will not fix itself on retry; anything
    // else is a bug or an outage, so the retry policy gets a chance (and the UI shows it).
    if (!(error instanceof TemplateRenderError)) throw error;
    // A value this contact lacks: skip with the reason, never send "Hi ,".
    if (error instanceof MissingVariableError) return { outcome: skippedOutcome(error.message) };
    throw permanentFailure(`template ${template.templateId} failed to render (${error.field}): ${error.message}`);
  }

  const replyTo = template.replyTo ?? settings?.defaultReplyTo ?? null;
  const now = deps.clock ? await deps.clock() : Date.now();
  return {
    row: {
      id,
      // On the run's clock, so a frequency cap counts it in the same time as it checks.
      createdAt: new Date(now),
      workspaceId: input.workspaceId,
      contactId: contact.id,
      runId: input.runId,
      journeyId: input.journeyId,
      nodeId: input.nodeId,
      templateId: template.templateId,
      idempotencyKey: sendIdempotencyKey(input),
      toAddress: to,
      fromAddress: template.fromAddress ?? settings?.defaultFrom ?? deps.defaultFrom,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: {
        "Message-ID": `<${id}@${deps.messageIdDomain}>`,
        "X-Mailstream-Run": input.runId,
        "X-Mailstream-Node": input.nodeId,
        ...(replyTo ? { "Reply-To": replyTo } : {}),
        // Marketing email carries one-click unsubscribe (for its topic, see headers.ts).
        ...(unsubscribeUrl ? buildListUnsubscribeHeaders(unsubscribeUrl) : {}),
      },
      transport: transport.name,
      status: isSuppressed ? "suppressed" : "queued",
      // Why it was not sent, shown beside the status in the Inbox (e.g. "address suppressed (manual)").
      ...(isSuppressed ? { error: consent.reason } : {}),
    },
    isSuppressed,
    transport,
    now,
  };
}

/** One email per (run, node): a retried attempt finds the first attempt's row by this key. */
export function sendIdempotencyKey(input: Pick<SendEmailInput, "runId" | "nodeId">): string {
  return `${input.runId}:${input.nodeId}`;
}
