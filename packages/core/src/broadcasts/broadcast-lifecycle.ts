// Sending a broadcast and steering it: schedule (now, at a time, at a local time), pause,
// resume, cancel. Each change locks the broadcast row, moves its status, tells the workflow
// (start or signal) and commits — a Temporal failure rolls the status back, so the row and
// the workflow cannot disagree. The workflow id is the broadcast's business key, so a retried
// schedule can never start a second send.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import {
  countAudience,
  findBroadcastVariants,
  lockBroadcast,
  moveBroadcastStatus,
  pinVariantVersion,
  type BroadcastRow,
} from "@mailstream/db/queries/broadcasts";
import { findTemplateById } from "@mailstream/db/queries/templates";
import { findWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import type { BroadcastStatus } from "@mailstream/db/schema";
import { TemplateRenderError } from "@mailstream/emails/liquid";
import {
  broadcastWorkflowId,
  cancelBroadcastSignal,
  JOURNEY_TASK_QUEUE,
  setBroadcastPausedSignal,
  type BroadcastSendInput,
  type BroadcastSendOptions,
} from "@mailstream/temporal-contracts";
import type { AuditContext } from "../audit/audit-context";
import type { AuditAction } from "../audit/actions";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { assertDeclaredSender } from "../senders/senders";
import { pinTemplateVersion } from "../templates/load-template";
import { earliestInstantOfLocalTime, latestInstantOfLocalTime } from "./broadcast-input";
import { getBroadcast, broadcastNotFound, type BroadcastView } from "./broadcasts";
import { resolveAudience } from "./broadcast-estimate";

export interface BroadcastLifecycleDeps {
  db: Db;
  temporal: () => Promise<Client>;
  /** Queue the broadcastSend workflow runs on (default JOURNEY_TASK_QUEUE); tests pass their own. */
  taskQueue?: string | undefined;
  workflowOptions?: BroadcastSendOptions | undefined;
}

/** A send time this far in the past still counts as "now" (a slow form, a clock a little behind). */
const PAST_GRACE_MS = 60_000;

function invalid(path: string, message: string): AppError {
  return new AppError(AppErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });
}
function refused(message: string): AppError {
  return new AppError(AppErrorCode.PRECONDITION_FAILED, message);
}

/** When sending starts: now, the set instant, or (local time) the earliest zone's instant. */
function startInstant(row: BroadcastRow, now: number): number {
  if (row.scheduleKind === "at") {
    const at = row.sendAt?.getTime();
    if (at === undefined) throw invalid("schedule.sendAt", "Choose when to send.");
    if (at < now - PAST_GRACE_MS) {
      throw invalid(
        "schedule.sendAt",
        `The send time ${row.sendAt?.toISOString()} is in the past; choose a later time.`,
      );
    }
    return Math.max(at, now);
  }
  if (row.scheduleKind === "local_time") {
    if (!row.localTime) throw invalid("schedule.localTime", "Choose the local date and time to send at.");
    if (latestInstantOfLocalTime(row.localTime) < now - PAST_GRACE_MS) {
      throw invalid("schedule.localTime", `${row.localTime.replace("T", " ")} has already passed in every time zone.`);
    }
    return Math.max(earliestInstantOfLocalTime(row.localTime), now);
  }
  return now;
}

/** Checks everything sending needs; refuses naming the first problem. Pins each variant's template version. */
async function prepareToSchedule(db: Db, workspaceId: string, row: BroadcastRow) {
  const audience = await resolveAudience(
    db,
    workspaceId,
    row.segmentId
      ? { kind: "segment", segmentId: row.segmentId }
      : row.topicId
        ? { kind: "topic", topicId: row.topicId }
        : null,
  );
  const { total } = await countAudience(db, audience);
  if (total === 0) throw invalid("audience", "The audience is empty: nobody would get this broadcast.");
  const variants = await findBroadcastVariants(db, row.id);
  if (row.abTest) checkAbTestFits(row, variants.length, total);
  const settings = await findWorkspaceSettings(db, workspaceId);
  const pins: { variantId: string; versionId: string }[] = [];
  for (const variant of variants) {
    const field = row.abTest ? `abTest.variants.${pins.length}.templateId` : "templateId";
    const templateId = variant.templateId;
    if (!templateId) throw invalid(field, "Choose the template to send.");
    const template = await findTemplateById(db, workspaceId, templateId);
    if (!template) throw invalid(field, `Template ${templateId} does not exist in this workspace.`);
    const from = row.fromAddress ?? template.fromAddress ?? settings?.defaultFrom ?? null;
    if (from) await assertDeclaredSender(db, workspaceId, from, row.fromAddress ? "fromAddress" : field);
    try {
      pins.push({
        variantId: variant.id,
        versionId: (await pinTemplateVersion(db, workspaceId, templateId)).versionId,
      });
    } catch (error) {
      if (error instanceof TemplateRenderError) throw invalid(field, error.message);
      throw error;
    }
  }
  if (pins.length === 0) throw invalid("templateId", "Choose the template to send.");
  return { pins, audienceSize: total };
}

/** A staggered test needs one send instant, a sample with someone for every variant, and a rest. */
function checkAbTestFits(row: BroadcastRow, variantCount: number, audienceSize: number): void {
  const test = row.abTest;
  if (!test) return;
  if (row.scheduleKind === "local_time" || row.scheduleKind === "best_time") {
    const when = row.scheduleKind === "local_time" ? "at a local time" : "at each contact's best time";
    throw invalid("abTest", `A staggered test needs one send instant: send now or at a set time, not ${when}.`);
  }
  if (variantCount < 2) throw invalid("abTest.variants", "A test needs at least 2 variants.");
  const sample = Math.ceil((audienceSize * test.samplePercent) / 100);
  if (sample < variantCount) {
    throw invalid(
      "abTest.samplePercent",
      `${test.samplePercent}% of ${audienceSize} contacts is ${sample}, fewer than the ${variantCount} variants; raise the sample.`,
    );
  }
  if (sample >= audienceSize) {
    throw invalid(
      "abTest.samplePercent",
      `${test.samplePercent}% of ${audienceSize} contacts leaves nobody for the winner; lower the sample.`,
    );
  }
}

export async function scheduleBroadcast(
  deps: BroadcastLifecycleDeps,
  workspaceId: string,
  broadcastId: string,
  audit?: AuditContext | null,
): Promise<BroadcastView> {
  const { db } = deps;
  await db.transaction(async (tx) => {
    const row = await lockBroadcast(tx, workspaceId, broadcastId);
    if (!row) throw broadcastNotFound(broadcastId);
    if (row.status !== "draft") throw refused(`Broadcast "${row.name}" is already ${row.status}.`);
    const now = Date.now();
    const startAt = startInstant(row, now);
    const { pins } = await prepareToSchedule(db, workspaceId, row);
    for (const pin of pins) await pinVariantVersion(tx, pin.variantId, pin.versionId);

    const workflowId = broadcastWorkflowId(row.id);
    await moveBroadcastStatus(tx, row.id, ["draft"], "scheduled", {
      workflowId,
      scheduledAt: new Date(now),
      // "now" and best-time sends start from the moment they were scheduled.
      ...(row.scheduleKind === "now" || row.scheduleKind === "best_time" ? { sendAt: new Date(startAt) } : {}),
    });
    await recordAudit(tx, {
      context: audit,
      action: "broadcast.schedule",
      target: { type: "broadcast", id: row.id, label: row.name },
      changes: { fields: ["status"], before: { status: "draft" }, after: { status: "scheduled" } },
    });
    const input: BroadcastSendInput = {
      broadcastId: row.id,
      workspaceId,
      startAt: new Date(startAt).toISOString(),
      throttlePerHour: row.throttlePerHour,
      ...(deps.workflowOptions ? { options: deps.workflowOptions } : {}),
    };
    try {
      const client = await deps.temporal();
      await client.workflow.start("broadcastSend", {
        taskQueue: deps.taskQueue ?? JOURNEY_TASK_QUEUE,
        workflowId,
        args: [input],
      });
    } catch (error) {
      // The id is the broadcast's: an earlier attempt whose commit was lost already started it.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  });
  return getBroadcast(db, workspaceId, broadcastId);
}

type Steer = {
  action: Extract<AuditAction, "broadcast.pause" | "broadcast.resume" | "broadcast.cancel">;
  from: readonly BroadcastStatus[];
  to: BroadcastStatus;
  signal: ((handle: ReturnType<Client["workflow"]["getHandle"]>) => Promise<void>) | null;
};

const STEERS = {
  pause: {
    action: "broadcast.pause",
    from: ["sending", "scheduled"],
    to: "paused",
    signal: (handle) => handle.signal(setBroadcastPausedSignal, { paused: true }),
  },
  resume: {
    action: "broadcast.resume",
    from: ["paused"],
    to: "sending",
    signal: (handle) => handle.signal(setBroadcastPausedSignal, { paused: false }),
  },
  cancel: {
    action: "broadcast.cancel",
    from: ["draft", "scheduled", "sending", "paused"],
    to: "cancelled",
    signal: (handle) => handle.signal(cancelBroadcastSignal),
  },
} as const satisfies Record<string, Steer>;

export async function steerBroadcast(
  deps: BroadcastLifecycleDeps,
  workspaceId: string,
  broadcastId: string,
  move: keyof typeof STEERS,
  audit?: AuditContext | null,
): Promise<BroadcastView> {
  const steer: Steer = STEERS[move];
  await deps.db.transaction(async (tx) => {
    const row = await lockBroadcast(tx, workspaceId, broadcastId);
    if (!row) throw broadcastNotFound(broadcastId);
    if (!steer.from.includes(row.status)) {
      throw refused(`Broadcast "${row.name}" is ${row.status}; it cannot be ${describeMove(move)}.`);
    }
    await moveBroadcastStatus(tx, row.id, steer.from, steer.to, move === "cancel" ? { finishedAt: new Date() } : {});
    await recordAudit(tx, {
      context: audit,
      action: steer.action,
      target: { type: "broadcast", id: row.id, label: row.name },
      changes: { fields: ["status"], before: { status: row.status }, after: { status: steer.to } },
    });
    if (!row.workflowId || !steer.signal) return;
    try {
      const client = await deps.temporal();
      await steer.signal(client.workflow.getHandle(row.workflowId));
    } catch (error) {
      // Finished meanwhile: the status change still stands (finishBroadcast never undoes a cancel).
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  });
  return getBroadcast(deps.db, workspaceId, broadcastId);
}

function describeMove(move: keyof typeof STEERS): string {
  return move === "pause" ? "paused" : move === "resume" ? "resumed" : "cancelled";
}
