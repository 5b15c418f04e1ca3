// The `sendEmail` activity (runs on the rate-limited `email` task queue): resolve the
// address, honour suppressions, render, then write-once into `messages`, take a slot of the
// queue's provider rate shared with broadcast pages (provider-rate.ts) and hand the email to
// the transport. The idempotency key makes a retried attempt find the earlier row, so
// an email is delivered at most once per (run, node).
import { randomUUID } from "node:crypto";
import { ApplicationFailure, Context } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import type { Message } from "@mailstream/db/queries/messages-send";
import { isHandedOff } from "@mailstream/db/queries/message-status";
import {
  recordFinalRunSteps,
  recordRunStep,
  type RunEnd,
  type RunStepInput,
  type RunStepsWrite,
} from "@mailstream/db/queries/runs";
import { findSendContext } from "@mailstream/db/queries/send-context";
import { findSuppression } from "@mailstream/db/queries/suppressions";
import { buildListUnsubscribeHeaders } from "@mailstream/emails/headers";
import { MissingVariableError, TemplateRenderError } from "@mailstream/emails/liquid";
import { deliverStoredMessage } from "@mailstream/core/messages/deliver-message";
import { linkHostPolicyFromHosts } from "@mailstream/core/tracking/link-hosts";
import { isApprovedLinkHost } from "@mailstream/emails/links";
import { loadTemplateForSend } from "@mailstream/core/templates/load-template";
import { renderCompiled } from "@mailstream/emails/compiled";
import { addOpenPixel, rewriteLinks } from "@mailstream/emails/tracking/rewrite";
import { buildTrackingUrls } from "@mailstream/emails/tracking/token";
import {
  createWorkspaceTransports,
  PermanentSendError,
  type EmailTransport,
  type WorkspaceTransports,
} from "@mailstream/emails/transports";
import type { OutboundGuard } from "@mailstream/net";
import type { JourneyRunInput, MatchedEvent } from "@mailstream/temporal-contracts";
import type { Clock } from "./clock";
import { providerRateKey, takeProviderSlot } from "./provider-rate";
import { insertMessageWithinLimits, type SendDeferral, type SendLimits } from "./send-limits";
import { decideSendConsent } from "./send-consent";
import { deletedOwnerFailure } from "./send-deleted-owner";
import { createSendRenderer, type PreparedTemplate, type SendRenderer } from "./send-render";

/** Failure type the workflow's retry policy lists as non-retryable. */
export const PERMANENT_SEND_ERROR = "PermanentSendError";

export interface SendEmailDeps {
  db: Db;
  /** The env transport: used for workspaces without a transport of their own in Settings. */
  transport: EmailTransport;
  /** Per-workspace transports (Settings); built from `transport` + `secret` + `outbound` when not given. */
  transports?: WorkspaceTransports | undefined;
  /** The instance's outbound guard: a workspace's SMTP host or Resend base URL connects through it. */
  outbound: OutboundGuard;
  defaultFrom: string;
  publicUrl: string;
  /**
   * MAILSTREAM_SECRET, shared with the web app that verifies the tokens. With it every email
   * gets List-Unsubscribe (RFC 8058) headers and a footer link, and, when the workspace has
   * tracking on, click-tracked links and an open pixel. Without it none of these are added.
   */
  secret?: string | undefined;
  /** Compiled templates kept across sends; one per worker (made here when not given). */
  renderer?: SendRenderer | undefined;
  /** "Now" for quiet hours and the cap (the run's virtual clock in a test run); absent: the wall clock. */
  clock?: Clock | undefined;
  /**
   * The email queue's provider rate (calls/s), shared with broadcast pages and every worker through
   * Postgres (provider-rate.ts); absent (test runs): only Temporal's task-queue limit paces sends.
   */
  emailRatePerSecond?: number | undefined;
}

export interface SendEmailInput {
  runId: string;
  workspaceId: string;
  journeyId: string;
  contactId: string;
  nodeId: string;
  templateId: string;
  trigger: JourneyRunInput["trigger"];
  /** Quiet hours / frequency cap of a non-transactional journey send (send-limits.ts); absent = none. */
  limits?: SendLimits | undefined;
  /** Events matched by the run's until-event waits, for templates (`{{ matchedEvents.<wait id>.properties.x }}`). */
  matchedEvents?: Record<string, MatchedEvent> | undefined;
  /** The email's subscription topic (plan step); absent/null = no topic. */
  topicId?: string | null | undefined;
  /** Bypasses topics (and a plain unsubscribe); no List-Unsubscribe. See send-consent.ts. */
  transactional?: boolean | undefined;
  /**
   * LEAN_SEND_PATCH: the seq of the email step in the run's log. The activity then records the
   * step's outcome itself (sent: in the hand-off's transaction) and returns `isRunPresent`; a
   * deferral or a thrown failure records nothing, and the workflow records it at this seq.
   */
  stepSeq?: number | undefined;
  /**
   * WORKER_LEAN_PATCH (with `stepSeq`): the run's next step is this exit node. Wherever the
   * activity records the email step it also records the exit at `stepSeq + 1` and completes the
   * run, in the same transaction, and answers `isExitRecorded`; the workflow then ends without
   * a local activity. A deferral or a thrown failure writes neither.
   */
  exitStep?: { nodeId: string } | undefined;
}

/**
 * Set when the input had a `stepSeq`: `isRunPresent` false when the run row is gone (the
 * workflow stops); `isExitRecorded` when the exit step and the run's end were written too.
 */
type StepRecorded = { isRunPresent?: boolean; isExitRecorded?: true };

/** How the exit node ends a run (as the workflow's `endRun` does). */
const COMPLETED: RunEnd = { status: "completed" };

export type SendEmailResult =
  | ({ status: "sent"; messageId: string } & StepRecorded)
  /** Stored but not sent; `reason` names the suppression or consent rule (absent on rows stored before reasons were). */
  | ({ status: "suppressed"; messageId: string; reason?: string } & StepRecorded)
  | ({ status: "skipped"; messageId: null; reason: string } & StepRecorded)
  /** Not sent now (quiet hours, frequency cap): nothing was written; try again at `until`. */
  | ({ status: "deferred"; messageId: null } & SendDeferral);

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
  const transports =
    deps.transports ??
    createWorkspaceTransports({ fallback: deps.transport, secret: deps.secret, outbound: deps.outbound });
  const renderer = deps.renderer ?? createSendRenderer();

  return async function sendEmail(input: SendEmailInput): Promise<SendEmailResult> {
    const { db } = deps;
    const isTransactional = input.transactional === true;
    const topicId = input.topicId ?? null;
    // One statement for every read (db/queries/send-context.ts); the template pin comes with it.
    const sendContext = await findSendContext(db, {
      workspaceId: input.workspaceId,
      contactId: input.contactId,
      runId: input.runId,
      journeyId: input.journeyId,
      topicId: isTransactional ? null : topicId,
      fallbackEmail: pickAddress(input.trigger.traits.email, input.trigger.properties.email),
    });
    const { contact } = sendContext;
    if (!contact) throw permanentFailure(`contact ${input.contactId} not found in workspace ${input.workspaceId}`);
    // The version the run's plan pinned at publish (cached per worker); the current template for older plans.
    const template = await loadTemplateForSend(
      db,
      { ...input, journeyVersionId: sendContext.journeyVersionId },
      renderer.versions,
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

    // The email step's row in the run's log (LEAN_SEND_PATCH), written with what decided it,
    // and the exit step after it when the run ends there (WORKER_LEAN_PATCH).
    const stepsOf = async (outcome: string, detail: Record<string, unknown>): Promise<RunStepInput[] | null> => {
      if (input.stepSeq === undefined) return null;
      const run = {
        runId: input.runId,
        journeyId: input.journeyId,
        at: new Date(deps.clock ? await deps.clock() : Date.now()),
      };
      const email = {
        ...run,
        seq: input.stepSeq,
        nodeId: input.nodeId,
        kind: "email",
        outcome,
        detail: { templateId: input.templateId, ...detail },
      };
      if (!input.exitStep) return [email];
      return [
        email,
        { ...run, seq: input.stepSeq + 1, nodeId: input.exitStep.nodeId, kind: "exit", outcome: "exited" },
      ];
    };
    /** The steps, and the run's end when they end with the exit (recordFinalRunSteps). */
    const stepsWrite = (steps: RunStepInput[]): RunStepsWrite =>
      steps.length > 1 ? { steps, end: COMPLETED } : { steps };
    /** Writes the steps (and the run's end after an exit) on their own; what the workflow learns of it. */
    const writeSteps = async (steps: RunStepInput[]): Promise<StepRecorded> => {
      const [email] = steps;
      if (!email) throw new Error("no step to record");
      const { end } = stepsWrite(steps);
      if (!end) return { isRunPresent: await recordRunStep(db, email) };
      return { isRunPresent: await recordFinalRunSteps(db, steps, end), isExitRecorded: true };
    };
    const recorded = async <R extends SendEmailResult>(result: R, detail: Record<string, unknown>): Promise<R> => {
      const steps = await stepsOf(result.status, detail);
      return steps ? { ...result, ...(await writeSteps(steps)) } : result;
    };
    const skipped = (reason: string) => recorded({ status: "skipped", messageId: null, reason } as const, { reason });
    const suppressedResult = (message: Message) => {
      const reason = message.error ? { reason: message.error } : {};
      return recorded({ status: "suppressed", messageId: message.id, ...reason } as const, {
        messageId: message.id,
        ...reason,
      });
    };

    const to = pickAddress(contact.email, input.trigger.traits.email, input.trigger.properties.email);
    if (!to) return skipped("no email address");
    if (!ADDRESS_PATTERN.test(to)) throw permanentFailure(`invalid email address "${to}"`);

    const suppressionKey = to.toLowerCase();
    // Read with the context unless Postgres normalised the address differently (then once more).
    const suppressionReason = sendContext.suppressionKeys.has(suppressionKey)
      ? (sendContext.suppressions.get(suppressionKey) ?? null)
      : ((await findSuppression(db, input.workspaceId, to))?.reason ?? null);
    const consent = decideSendConsent({ suppressionReason, topicId, topic: sendContext.topic, isTransactional });
    if (consent.decision === "skipped") return skipped(consent.reason);
    const suppressed = consent.decision === "suppressed";
    const trackingEnabled = settings?.trackingEnabled ?? true;
    // Throws (and the retry policy retries) if stored credentials cannot be opened: fixing Settings heals it.
    const transport = transports.transportFor(input.workspaceId, settings?.transport);
    // The id is chosen before rendering because the tracking tokens name it. A retry renders
    // again with a new id, but insertMessageOnce then returns the first row, tokens and all.
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
    let prepared: PreparedTemplate;
    let rendered: ReturnType<typeof renderCompiled>;
    try {
      // Compiled once per template version (React runs then); per contact only Liquid runs.
      prepared = await renderer.prepare(input.workspaceId, template);
      rendered = renderCompiled(prepared.compiled, { context, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) });
    } catch (error) {
      // A template error (bad Liquid, empty subject) will not fix itself on retry; anything
      // else is a bug or an outage, so the retry policy gets a chance (and the UI shows it).
      if (!(error instanceof TemplateRenderError)) throw error;
      // A value this contact lacks: skip with the reason, never send "Hi ,".
      if (error instanceof MissingVariableError) return skipped(error.message);
      throw permanentFailure(`template ${template.templateId} failed to render (${error.field}): ${error.message}`);
    }

    let html = rendered.html;
    if (links && trackingEnabled) {
      // A link whose host came from contact data is tracked only on an approved host (emails/links.ts).
      const policy = linkHostPolicyFromHosts(prepared.literalHosts, settings?.linkDomains, deps.publicUrl);
      const isTrackable = (url: string) => isApprovedLinkHost(url, policy);
      html = addOpenPixel(
        rewriteLinks(html, { trackUrl: links.click, skipPrefix: links.unsubscribe, isTrackable }),
        links.open,
      );
    }
    const idempotencyKey = `${input.runId}:${input.nodeId}`;
    const replyTo = template.replyTo ?? settings?.defaultReplyTo ?? null;
    // A suppressed send writes its record now: limits only hold back emails that would go out.
    const now = deps.clock ? await deps.clock() : Date.now();
    const gated = await insertMessageWithinLimits(
      db,
      suppressed ? undefined : input.limits,
      {
        id,
        // On the run's clock, so a frequency cap counts it in the same time as it checks.
        createdAt: new Date(now),
        workspaceId: input.workspaceId,
        contactId: contact.id,
        runId: input.runId,
        journeyId: input.journeyId,
        nodeId: input.nodeId,
        templateId: template.templateId,
        idempotencyKey,
        toAddress: to,
        fromAddress: template.fromAddress ?? settings?.defaultFrom ?? deps.defaultFrom,
        subject: rendered.subject,
        html,
        text: rendered.text,
        headers: {
          "Message-ID": `<${id}@${messageIdDomain}>`,
          "X-Mailstream-Run": input.runId,
          "X-Mailstream-Node": input.nodeId,
          ...(replyTo ? { "Reply-To": replyTo } : {}),
          // Marketing email carries one-click unsubscribe (for its topic, see headers.ts).
          ...(unsubscribeUrl ? buildListUnsubscribeHeaders(unsubscribeUrl) : {}),
        },
        transport: transport.name,
        status: suppressed ? "suppressed" : "queued",
        // Why it was not sent, shown beside the status in the Inbox (e.g. "address suppressed (manual)").
        ...(suppressed ? { error: consent.reason } : {}),
      },
      now,
    ).catch((error: unknown) => {
      // The run (or its contact, journey, template) was deleted meanwhile: retrying cannot help.
      throw deletedOwnerFailure(error, input, PERMANENT_SEND_ERROR) ?? error;
    });
    if ("deferred" in gated) return { status: "deferred", messageId: null, ...gated.deferred };
    const message = gated.message;
    // From here on the stored row is the truth: an earlier attempt may have written it.
    if (message.status === "suppressed") return suppressedResult(message);
    if (isHandedOff(message.status))
      return recorded({ status: "sent", messageId: message.id }, { messageId: message.id });
    if (message.status === "failed") throw permanentFailure(message.error ?? `message ${message.id} failed earlier`);

    // The step commits with the hand-off: a sent email and its line in the run's log are one fact.
    const sentSteps = await stepsOf("sent", { messageId: message.id });
    const stepsWith = sentSteps
      ? (settled: Message) => (isHandedOff(settled.status) ? stepsWrite(sentSteps) : null)
      : undefined;
    // The provider call takes its slot of the queue's shared rate first — before the row's lock,
    // so no connection is held while it waits. A retry takes a new slot: a spent one only slows.
    // Without a rate (test runs, benches) there is no slot to take, and maybe no activity context.
    if (deps.emailRatePerSecond) {
      await takeProviderSlot(db, providerRateKey(Context.current().info.taskQueue), deps.emailRatePerSecond);
    }
    // Transient errors are rethrown for the retry policy; a permanent one is marked on the row.
    const delivered = await deliverStoredMessage({
      db,
      message,
      transport,
      isFinalError: isPermanentSendError,
      stepsWith,
    });
    if (delivered.status === "failed") throw permanentFailure(delivered.error.message);
    const sent = delivered.message;
    // Another attempt may have settled the row while this one waited for its lock.
    if (sent.status === "failed") throw permanentFailure(sent.error ?? `message ${sent.id} failed earlier`);
    if (sent.status === "suppressed") return suppressedResult(sent);
    if (delivered.isRunPresent === undefined) return { status: "sent", messageId: sent.id };
    const isExitRecorded = input.exitStep ? ({ isExitRecorded: true } as const) : {};
    return { status: "sent", messageId: sent.id, isRunPresent: delivered.isRunPresent, ...isExitRecorded };
  };
}
