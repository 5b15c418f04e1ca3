// `sendBroadcastPage` (email queue): sends one page of a broadcast's frozen audience, or — with
// `page: null` — the deferred recipients whose time has come. It applies the journey send's
// rules set-based, for the whole page at once: suppressions and the topic in two reads
// (send-consent.ts), quiet hours from the page's contacts, the frequency cap in one locked count
// (send-limits.ts). It renders each contact with the compiled template, then writes the page's
// messages (a `suppressed` row for a suppressed address, as journeys write) and every skip with
// its reason in ONE transaction, under `broadcast:<id>:<contact>` keys (broadcast-page-writes.ts);
// then hands the queued messages to the transport as one batch (broadcast-handoff.ts). The
// outbox, whose hand-off is no I/O, is handed off inside that transaction: its rows are stored
// `sent`. A retried page (a crashed worker, a lost heartbeat) finds the rows it wrote and hands
// over only what is still queued, so nobody gets the email twice.
import { ApplicationFailure, Context } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import { findBroadcastById, findBroadcastVariants } from "@mailstream/db/queries/broadcasts";
import {
  findDueDeferred,
  findPendingPage,
  findRecipientContacts,
  type RecipientOutcome,
} from "@mailstream/db/queries/broadcast-recipients";
import { findMessagesByKeys, type PageMessage } from "@mailstream/db/queries/messages-batch";
import { findWorkspaceVariables } from "@mailstream/db/queries/templates";
import { findWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import { BROADCAST_PAGE_SIZE } from "@mailstream/db/schema";
import { loadTemplateVersionForSend, type SendableTemplate } from "@mailstream/core/templates/load-template";
import { TemplateRenderError } from "@mailstream/emails/liquid";
import type { WorkspaceTransports } from "@mailstream/emails/transports";
import { applyDomainLimits } from "./broadcast-domain-limits";
import { handOffPage } from "./broadcast-handoff";
import { storePage } from "./broadcast-page-writes";
import { createBroadcastRenderer, type BroadcastRenderer } from "./broadcast-render";
import { renderBroadcastMessage, type PageContext } from "./broadcast-message";
import { throttleBatchSize } from "./broadcast-spread";
import { applyVariant } from "./broadcast-variant";
import { PERMANENT_BROADCAST_ERROR } from "./broadcast-steps";
import { paceTransport, providerRateKey } from "./provider-rate";
import { checkPageConsent } from "./send-consent";
import { pickContactZone, quietHoursDeferral } from "./send-limits";

export interface BroadcastPageDeps {
  db: Db;
  transports: WorkspaceTransports;
  defaultFrom: string;
  publicUrl: string;
  secret?: string | undefined;
  /** The email queue's provider rate (calls/s), shared with every worker through Postgres (provider-rate.ts). */
  emailRatePerSecond?: number | undefined;
  renderer?: BroadcastRenderer | undefined;
}

export interface SendBroadcastPageInput {
  broadcastId: string;
  workspaceId: string;
  /** A page of the snapshot, or null for the deferred recipients now due. */
  page: number | null;
  /**
   * BROADCAST_PAGES_PATCH: spread the throttles (broadcast-spread.ts) — send at most the
   * throttle's batch (the rest of the page stays pending for the next call) and count per-domain
   * limits over short windows. Absent (workflows from before the patch): the page at once.
   */
  spread?: boolean | undefined;
}

export interface SendBroadcastPageResult {
  sent: number;
  skipped: number;
  failed: number;
  deferred: number;
  /** Recipients held back by a per-domain limit: the page is sent again at `heldUntil` (epoch ms). */
  held: number;
  heldUntil: number | null;
  /** Recipients of the page left pending for a later call (held back, or beyond the throttle's batch). */
  pending: number;
}

const ADDRESS_PATTERN = /^[^\s@<>]+@[^\s@<>]+$/;

/** The idempotency key of a broadcast email: one per contact per broadcast, whatever retries. */
export function broadcastMessageKey(broadcastId: string, contactId: string): string {
  return `broadcast:${broadcastId}:${contactId}`;
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
    const result: SendBroadcastPageResult = {
      sent: 0,
      skipped: 0,
      failed: 0,
      deferred: 0,
      held: 0,
      heldUntil: null,
      pending: 0,
    };
    const broadcast = await findBroadcastById(db, input.workspaceId, input.broadcastId);
    if (!broadcast) throw permanent(`broadcast ${input.broadcastId} not found`);
    if (broadcast.status === "cancelled") return result;
    const now = Date.now();
    const due =
      input.page === null
        ? await findDueDeferred(db, broadcast.id, new Date(now), BROADCAST_PAGE_SIZE)
        : await findPendingPage(db, broadcast.id, input.page);
    if (due.length === 0) return result;
    const spread = input.spread === true;
    const domains = await applyDomainLimits(db, broadcast, due, now, spread);
    // Spread: this call sends the throttle's batch; the rest of the page waits for the next call.
    const batch = spread ? throttleBatchSize(broadcast.throttlePerHour) : null;
    const allowed = batch === null ? domains.allowed : domains.allowed.slice(0, batch);
    Object.assign(result, {
      held: domains.held,
      heldUntil: domains.heldUntil,
      pending: domains.held + domains.allowed.length - allowed.length,
    });

    // Every read of the page at once: its contacts, the rows an earlier attempt already wrote
    // (those passed their checks then; their status decides), consent, settings, variables.
    const keyOf = (contactId: string) => broadcastMessageKey(broadcast.id, contactId);
    const [variantRows, contactRows, existing, settings, workspace] = await Promise.all([
      findBroadcastVariants(db, broadcast.id),
      findRecipientContacts(
        db,
        broadcast.workspaceId,
        allowed.map((r) => r.contactId),
      ),
      findMessagesByKeys(
        db,
        allowed.map((r) => keyOf(r.contactId)),
      ),
      findWorkspaceSettings(db, broadcast.workspaceId),
      findWorkspaceVariables(db, broadcast.workspaceId),
    ]);
    const variants = new Map(variantRows.map((variant) => [variant.id, variant]));
    const contactsById = new Map(contactRows.map((row) => [row.id, row]));
    const transport = paceTransport(
      db,
      deps.transports.transportFor(broadcast.workspaceId, settings?.transport),
      providerRateKey(Context.current().info.taskQueue),
      deps.emailRatePerSecond,
    );
    const outcomes: RecipientOutcome[] = [];
    const skip = (contactId: string, reason: string) => outcomes.push({ contactId, state: "skipped", reason });

    const fresh: { contact: (typeof contactRows)[number]; variantId: string | null; to: string }[] = [];
    for (const recipient of allowed) {
      if (existing.has(keyOf(recipient.contactId))) continue;
      const contact = contactsById.get(recipient.contactId);
      if (!contact) skip(recipient.contactId, "contact no longer exists");
      else {
        const to = contact.email?.trim() ?? "";
        if (to === "") skip(contact.id, "no email address");
        else if (!ADDRESS_PATTERN.test(to)) skip(contact.id, `invalid email address "${to}"`);
        else fresh.push({ contact, variantId: recipient.variantId, to });
      }
    }
    const consent = await checkPageConsent(db, {
      workspaceId: broadcast.workspaceId,
      topicId: broadcast.topicId,
      recipients: fresh.map(({ contact, to }) => ({ contactId: contact.id, email: to })),
    });

    const page: PageContext = {
      broadcast,
      settings,
      workspace,
      transportName: transport.name,
      defaultFrom: deps.defaultFrom,
      publicUrl: deps.publicUrl,
      secret: deps.secret,
      messageIdDomain,
      renderer,
    };
    const rows: PageMessage[] = [];
    for (const { contact, variantId, to } of fresh) {
      const decision = consent.get(contact.id) ?? { decision: "send" };
      if (decision.decision === "skipped") {
        skip(contact.id, decision.reason);
        continue;
      }
      // Quiet hours hold back only emails that would go out; a suppressed address is recorded now.
      if (decision.decision === "send" && broadcast.quietHours) {
        const deferred = quietHoursDeferral(
          now,
          broadcast.quietHours,
          pickContactZone(contact, broadcast.quietHours.timeZone ?? "UTC"),
        );
        if (deferred) {
          outcomes.push({
            contactId: contact.id,
            state: "deferred",
            reason: deferred.reason,
            retryAt: new Date(deferred.until),
          });
          continue;
        }
      }
      const variant = variantId ? variants.get(variantId) : undefined;
      if (!variant?.templateVersionId) throw permanent(`broadcast ${broadcast.id} has no pinned template`);
      const template = applyVariant(await loadTemplate(broadcast.workspaceId, variant.templateVersionId), variant);
      const rendered = await renderBroadcastMessage(page, {
        contact,
        to,
        template,
        decision,
        senderName: variant.senderName,
      });
      if ("skipped" in rendered) skip(contact.id, rendered.skipped);
      else rows.push(rendered.row);
    }

    // The page's writes, in one transaction (broadcast-page-writes.ts; the outbox's rows stored handed off).
    const stored = await storePage({ db, broadcast, page: input.page, rows, decided: outcomes, transport });
    Context.current().heartbeat({ stored: stored.written.length });

    // What is left to hand off: rows an earlier or concurrent attempt wrote, and rows stored queued.
    const recorded = new Set(stored.recorded.map((outcome) => outcome.messageId));
    const handedOff = await handOffPage({
      db,
      broadcastId: broadcast.id,
      page: input.page,
      messages: [
        ...existing.values(),
        ...(await findMessagesByKeys(db, stored.conflicts)).values(),
        // Ours as built (no need to read the HTML back).
        ...stored.written.filter((row) => !recorded.has(row.id)),
      ],
      transport,
    });
    for (const outcome of [...stored.recorded, ...handedOff.outcomes]) {
      if (outcome.state === "sent") result.sent++;
      else if (outcome.state === "skipped") result.skipped++;
      else if (outcome.state === "failed") result.failed++;
      else result.deferred++;
    }
    // What was handed over is recorded; the rest stays queued for the retry to hand over.
    if (handedOff.retryable) throw handedOff.retryable;
    return result;
  };
}

function permanent(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: PERMANENT_BROADCAST_ERROR, message, nonRetryable: true });
}
