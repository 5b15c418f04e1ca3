// The activity factory: the worker injects the database and the email transport; tests
// inject the same real pieces (a recording transport at most). Workflows import only the
// `Activities` type from here.
import type { Db } from "@mailstream/db/client";
import { createWorkspaceTransports, type EmailTransport } from "@mailstream/emails/transports";
import { createOutboundGuard, type OutboundGuard } from "@mailstream/net";
import { createBranchActivity } from "./branch";
import { createSendBroadcastPageActivity } from "./broadcast-page";
import { createBroadcastStepActivities } from "./broadcast-steps";
import { createRunMigrationActivity } from "./run-migration";
import { wallClock, type Clock } from "./clock";
import { createRunActivities } from "./run-steps";
import { createSendEmailActivity } from "./send-email";
import { createSplitWinnerActivity } from "./split-winner";
import { createUpdateContactActivity } from "./update-contact";
import { createWaitUntilActivity } from "./wait-until";
import { createWebhookActivity } from "./webhook";

export type { Clock } from "./clock";
export type { SettleRunMigrationInput } from "./run-migration";
export type { EndRunInput, FinishRunInput, FinishedRunStatus, RecordStepInput, RecordStepResult } from "./run-steps";
export type { EvaluateBranchInput, EvaluateBranchResult } from "./branch";
export type { FindSplitWinnerInput, FindSplitWinnerResult } from "./split-winner";
export { PERMANENT_UPDATE_ERROR, type UpdateContactInput, type UpdateContactResult } from "./update-contact";
export type { ResolveWaitUntilInput, ResolveWaitUntilResult, WaitUntilTarget } from "./wait-until";
export { PERMANENT_WEBHOOK_ERROR, type CallWebhookInput, type CallWebhookResult } from "./webhook";
export { PERMANENT_SEND_ERROR, type SendEmailInput, type SendEmailResult } from "./send-email";
export { PERMANENT_BROADCAST_ERROR, type BroadcastRef } from "./broadcast-steps";
export { createBroadcastRenderer, type BroadcastRenderer } from "./broadcast-render";
export { broadcastMessageKey, type SendBroadcastPageInput, type SendBroadcastPageResult } from "./broadcast-page";

export interface ActivityDeps {
  db: Db;
  transport: EmailTransport;
  /** Used when a template has no from address of its own. */
  defaultFrom: string;
  /** The web app's public base URL: the Message-ID domain, tracking and unsubscribe links. */
  publicUrl: string;
  /** MAILSTREAM_SECRET; without it emails carry no tracking or List-Unsubscribe (send-email.ts). */
  secret?: string | undefined;
  /**
   * The instance's outbound guard (MAILSTREAM_OUTBOUND_ALLOW): webhook steps and workspace
   * transports connect through it. Absent: no private target is reachable at all.
   */
  outbound?: OutboundGuard | undefined;
  /** The email queue's provider rate (calls/s): journey sends and broadcast pages reserve their provider calls from it, shared by every worker (provider-rate.ts). */
  emailRatePerSecond?: number | undefined;
  /**
   * "Now" for every decision an activity makes (waits, conditions, quiet hours, caps, resumes-at).
   * Absent: the wall clock. A test run passes its virtual clock (temporal/worker/src/test-run/).
   */
  clock?: Clock | undefined;
  /** Stands in for `outbound` on webhook steps only: a test run records the request, nothing is called. */
  webhookRecorder?: Pick<OutboundGuard, "request"> | undefined;
}

export function createActivities(deps: ActivityDeps) {
  const clock = deps.clock ?? wallClock;
  const { recordStep, endRun, finishRun } = createRunActivities(deps.db, clock);
  const outbound = deps.outbound ?? createOutboundGuard();
  // One set of per-workspace transports for journey sends and broadcast pages alike.
  const transports = createWorkspaceTransports({ fallback: deps.transport, secret: deps.secret, outbound });
  return {
    recordStep,
    endRun,
    finishRun,
    settleRunMigration: createRunMigrationActivity(deps.db),
    sendEmail: createSendEmailActivity({ ...deps, outbound, transports, clock }),
    sendBroadcastPage: createSendBroadcastPageActivity({ ...deps, transports }),
    ...createBroadcastStepActivities(deps.db),
    evaluateBranch: createBranchActivity(deps.db, clock),
    resolveWaitUntil: createWaitUntilActivity(deps.db, clock),
    updateContact: createUpdateContactActivity(deps.db),
    callWebhook: createWebhookActivity(deps.db, deps.webhookRecorder ?? outbound),
    findSplitWinner: createSplitWinnerActivity(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
