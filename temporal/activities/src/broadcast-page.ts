// `sendBroadcastPage` (email queue): sends one page of a broadcast's frozen audience, or — with
// `page: null` — the deferred recipients whose time has come. Per recipient it applies the
// journey send's rules (send-consent.ts: suppressions and the topic; send-limits.ts: quiet
// hours and the frequency cap) and records every skip with its reason. Message rows are
// written in one batch under `broadcast:<id>:<contact>` keys, so a retried page (a crashed
// worker, a lost heartbeat) finds the rows it wrote and nobody gets the email twice.
import { randomUUID } from "node:crypto";
import { ApplicationFailure, Context } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import { findBroadcastById, findBroadcastVariants, type BroadcastRow } from "@mailstream/db/queries/broadcasts";
import {
  countRecentDomainSends,
  findDueDeferred,
  findPendingPage,
  findRecipientContacts,
  markRecipients,
  type RecipientOutcome,
  type RecipientToSend,
} from "@mailstream/db/queries/broadcast-recipients";
import { insertMessagesOnce } from "@mailstream/db/queries/messages-batch";
import { isHandedOff } from "@mailstream/db/queries/message-status";
import type { Message, NewMessage } from "@mailstream/db/queries/messages-send";
import { findWorkspaceVariables } from "@mailstream/db/queries/templates";
import { findWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import { BROADCAST_PAGE_SIZE } from "@mailstream/db/schema";
import { deliverStoredMessage } from "@mailstream/core/messages/deliver-message";
import { loadTemplateVersionForSend, type SendableTemplate } from "@mailstream/core/templates/load-template";
import { linkHostPolicyFromHosts } from "@mailstream/core/tracking/link-hosts";
import { buildListUnsubscribeHeaders } from "@mailstream/emails/headers";
import { isApprovedLinkHost } from "@mailstream/emails/links";
import { MissingVariableError, TemplateRenderError } from "@mailstream/emails/liquid";
import { addOpenPixel, rewriteLinks } from "@mailstream/emails/tracking/rewrite";
import { buildTrackingUrls } from "@mailstream/emails/tracking/token";
import { PermanentSendError, type EmailTransport, type WorkspaceTransports } from "@mailstream/emails/transports";
import { createBroadcastRenderer, type BroadcastRenderer } from "./broadcast-render";
import { applyVariant, withSenderName } from "./broadcast-variant";
import { checkSendConsent } from "./send-consent";
import { insertMessageWithinLimits, type SendLimits } from "./send-limits";
import { PERMANENT_BROADCAST_ERROR } from "./broadcast-steps";

export interface BroadcastPageDeps {
  db: Db;
  transports: WorkspaceTransports;
  defaultFrom: string;
  publicUrl: string;
  secret?: string | undefined;
  /** The email queue's provider rate (emails/s): a page's deliveries are paced to it. */
  emailRatePerSecond?: number | undefined;
  renderer?: BroadcastRenderer | undefined;
}

export interface SendBroadcastPageInput {
  broadcastId: string;
  workspaceId: string;
  /** A page of the snapshot, or null for the deferred recipients now due. */
  page: number | null;
}

export interface SendBroadcastPageResult {
  sent: number;
  skipped: number;
  failed: number;
  deferred: number;
  /** Recipients held back by a per-domain limit: the page is sent again at `heldUntil` (epoch ms). */
  held: number;
  heldUntil: number | null;
}

const ADDRESS_PATTERN = /^[^\s@<>]+@[^\s@<>]+$/;
/** Deliveries in flight at once within a page. */
const DELIVERY_CONCURRENCY = 8;
const HOUR_MS = 3_600_000;

/** The idempotency key of a broadcast email: one per contact per broadcast, whatever retries. */
export function broadcastMessageKey(broadcastId: string, contactId: string): string {
  return `broadcast:${broadcastId}:${contactId}`;
}

function broadcastLimits(broadcast: BroadcastRow): SendLimits | undefined {
  if (!broadcast.quietHours && !broadcast.frequencyCap) return undefined;
  return { quietHours: broadcast.quietHours, frequencyCap: broadcast.frequencyCap, timeZone: "UTC" };
}

/** Splits recipients into those within their domain's hourly budget and those held back. */
async function applyDomainLimits(
  db: Db,
  broadcast: BroadcastRow,
  recipients: RecipientToSend[],
  now: number,
): Promise<{ allowed: RecipientToSend[]; held: number; heldUntil: number | null }> {
  const limits = broadcast.domainLimits;
  const limited = [...new Set(recipients.map((r) => r.domain))].filter((domain) => limits[domain] !== undefined);
  if (limited.length === 0) return { allowed: recipients, held: 0, heldUntil: null };
  const recent = await countRecentDomainSends(db, broadcast.id, limited, new Date(now - HOUR_MS));
  const budget = new Map(limited.map((domain) => [domain, (limits[domain] ?? 0) - (recent.get(domain)?.count ?? 0)]));
  const allowed: RecipientToSend[] = [];
  let held = 0;
  let heldUntil: number | null = null;
  for (const recipient of recipients) {
    const left = budget.get(recipient.domain);
    if (left === undefined || left > 0) {
      if (left !== undefined) budget.set(recipient.domain, left - 1);
      allowed.push(recipient);
      continue;
    }
    held++;
    // The window frees a slot when its oldest send turns an hour old; none yet means this page filled it.
    const oldest = recent.get(recipient.domain)?.oldest?.getTime() ?? now;
    const at = oldest + HOUR_MS;
    heldUntil = heldUntil === null ? at : Math.min(heldUntil, at);
  }
  return { allowed, held, heldUntil };
}

async function runLimited<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

function isPermanentSendError(error: unknown): boolean {
  return error instanceof PermanentSendError;
}

export function createSendBroadcastPageActivity(deps: BroadcastPageDeps) {
  const renderer = deps.renderer ?? createBroadcastRenderer();
  const messageIdDomain = new URL(deps.publicUrl).hostname || "mailstream.local";
  // Versions are immutable: a worker loads each pinned version once, not once per page.
  const templates = new Map<string, SendableTemplate>();

  async function loadTemplate(workspaceId: string, versionId: string): Promise<SendableTemplate> {
    const cached = templates.get(versionId);
    if (cached) return cached;
    const template = await loadTemplateVersionForSend(deps.db, workspaceId, versionId).catch((error: unknown) => {
      if (error instanceof TemplateRenderError) throw permanent(error.message);
      throw error;
    });
    if (!template) throw permanent(`template version ${versionId} not found`);
    templates.set(versionId, template);
    return template;
  }

  return async function sendBroadcastPage(input: SendBroadcastPageInput): Promise<SendBroadcastPageResult> {
    const { db } = deps;
    const result: SendBroadcastPageResult = { sent: 0, skipped: 0, failed: 0, deferred: 0, held: 0, heldUntil: null };
    const broadcast = await findBroadcastById(db, input.workspaceId, input.broadcastId);
    if (!broadcast) throw permanent(`broadcast ${input.broadcastId} not found`);
    if (broadcast.status === "cancelled") return result;
    const now = Date.now();
    const due =
      input.page === null
        ? await findDueDeferred(db, broadcast.id, new Date(now), BROADCAST_PAGE_SIZE)
        : await findPendingPage(db, broadcast.id, input.page);
    if (due.length === 0) return result;
    const { allowed, held, heldUntil } = await applyDomainLimits(db, broadcast, due, now);
    Object.assign(result, { held, heldUntil });

    const variants = new Map((await findBroadcastVariants(db, broadcast.id)).map((variant) => [variant.id, variant]));
    const [contactRows, settings, workspace] = await Promise.all([
      findRecipientContacts(
        db,
        broadcast.workspaceId,
        allowed.map((r) => r.contactId),
      ),
      findWorkspaceSettings(db, broadcast.workspaceId),
      findWorkspaceVariables(db, broadcast.workspaceId),
    ]);
    const contactsById = new Map(contactRows.map((row) => [row.id, row]));
    const transport: EmailTransport = deps.transports.transportFor(broadcast.workspaceId, settings?.transport);
    const trackingEnabled = settings?.trackingEnabled ?? true;
    const limits = broadcastLimits(broadcast);
    const outcomes: RecipientOutcome[] = [];
    const rows: NewMessage[] = [];
    const skip = (contactId: string, reason: string): void => {
      outcomes.push({ contactId, state: "skipped", reason });
    };

    // Consent first, for the whole page at once (two indexed reads per contact, in parallel);
    // rendering below is CPU work and runs one contact at a time.
    const consented: { recipient: RecipientToSend; contact: (typeof contactRows)[number]; to: string }[] = [];
    await runLimited(allowed, DELIVERY_CONCURRENCY, async (recipient) => {
      const contact = contactsById.get(recipient.contactId);
      if (!contact) return skip(recipient.contactId, "contact no longer exists");
      const to = contact.email?.trim() ?? "";
      if (to === "") return skip(contact.id, "no email address");
      if (!ADDRESS_PATTERN.test(to)) return skip(contact.id, `invalid email address "${to}"`);
      const consent = await checkSendConsent(db, {
        workspaceId: broadcast.workspaceId,
        contactId: contact.id,
        email: to,
        topicId: broadcast.topicId,
        isTransactional: false,
      });
      if (consent.decision !== "send") return skip(contact.id, consent.reason);
      consented.push({ recipient, contact, to });
    });

    for (const { recipient, contact, to } of consented) {
      const variant = recipient.variantId ? variants.get(recipient.variantId) : undefined;
      if (!variant?.templateVersionId) throw permanent(`broadcast ${broadcast.id} has no pinned template`);
      const template = applyVariant(await loadTemplate(broadcast.workspaceId, variant.templateVersionId), variant);
      const id = randomUUID();
      const links = deps.secret ? buildTrackingUrls(deps.publicUrl, deps.secret, id, broadcast.topicId) : null;
      let rendered: Awaited<ReturnType<BroadcastRenderer["render"]>>;
      try {
        rendered = await renderer.render({
          workspaceId: broadcast.workspaceId,
          template,
          unsubscribeUrl: links?.unsubscribe ?? null,
          context: {
            contact: { ...contact.traits, email: to, userId: contact.userId },
            event: {},
            journey: { id: "", name: "" },
            workspace,
          },
        });
      } catch (error) {
        if (error instanceof MissingVariableError) {
          skip(contact.id, error.message);
          continue;
        }
        if (error instanceof TemplateRenderError) throw permanent(`template failed to render: ${error.message}`);
        throw error;
      }
      let html = rendered.html;
      if (links && trackingEnabled) {
        const policy = linkHostPolicyFromHosts(rendered.literalHosts, settings?.linkDomains, deps.publicUrl);
        html = addOpenPixel(
          rewriteLinks(html, {
            trackUrl: links.click,
            skipPrefix: links.unsubscribe,
            isTrackable: (url) => isApprovedLinkHost(url, policy),
          }),
          links.open,
        );
      }
      const replyTo = template.replyTo ?? settings?.defaultReplyTo ?? null;
      rows.push({
        id,
        workspaceId: broadcast.workspaceId,
        contactId: contact.id,
        templateId: template.templateId,
        idempotencyKey: broadcastMessageKey(broadcast.id, contact.id),
        toAddress: to,
        fromAddress: withSenderName(
          broadcast.fromAddress ?? template.fromAddress ?? settings?.defaultFrom ?? deps.defaultFrom,
          variant.senderName,
        ),
        subject: rendered.subject,
        html,
        text: rendered.text,
        headers: {
          "Message-ID": `<${id}@${messageIdDomain}>`,
          "X-Mailstream-Broadcast": broadcast.id,
          ...(replyTo ? { "Reply-To": replyTo } : {}),
          ...(links ? buildListUnsubscribeHeaders(links.unsubscribe) : {}),
        },
        transport: transport.name,
        status: "queued",
      });
    }

    // Without quiet hours or a cap, the page's rows go in one statement; with them, each row
    // takes the per-contact lock of send-limits.ts (the cap counts across journeys too).
    const stored: Message[] = [];
    if (!limits) {
      const byKey = await insertMessagesOnce(db, rows);
      for (const row of rows) {
        const message = byKey.get(row.idempotencyKey);
        if (message) stored.push(message);
      }
    } else {
      for (const row of rows) {
        const gated = await insertMessageWithinLimits(db, limits, row, Date.now());
        if ("deferred" in gated) {
          outcomes.push({
            contactId: row.contactId as string,
            state: "deferred",
            reason: gated.deferred.reason,
            retryAt: new Date(gated.deferred.until),
          });
        } else stored.push(gated.message);
      }
    }
    Context.current().heartbeat({ stored: stored.length });

    const started = Date.now();
    let delivered = 0;
    await runLimited(stored, DELIVERY_CONCURRENCY, async (message) => {
      const contactId = message.contactId as string;
      if (isHandedOff(message.status)) {
        outcomes.push({ contactId, state: "sent", messageId: message.id });
        return;
      }
      if (message.status === "failed" || message.status === "suppressed") {
        outcomes.push({ contactId, state: "failed", messageId: message.id, reason: message.error ?? "failed earlier" });
        return;
      }
      await paceTo(deps.emailRatePerSecond, started, delivered++);
      const sent = await deliverStoredMessage({ db, message, transport, isFinalError: isPermanentSendError });
      if (sent.status === "failed") {
        outcomes.push({ contactId, state: "failed", messageId: message.id, reason: sent.error.message });
      } else outcomes.push({ contactId, state: "sent", messageId: message.id });
      Context.current().heartbeat({ delivered });
    });

    await markRecipients(db, broadcast.id, outcomes);
    for (const outcome of outcomes) {
      if (outcome.state === "sent") result.sent++;
      else if (outcome.state === "skipped") result.skipped++;
      else if (outcome.state === "failed") result.failed++;
      else result.deferred++;
    }
    return result;
  };
}

/** Waits until `index` deliveries fit the provider rate since `started` (no rate: no wait). */
async function paceTo(ratePerSecond: number | undefined, started: number, index: number): Promise<void> {
  if (!ratePerSecond || !(ratePerSecond > 0)) return;
  const earliest = started + (index * 1000) / ratePerSecond;
  const wait = earliest - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

function permanent(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: PERMANENT_BROADCAST_ERROR, message, nonRetryable: true });
}
