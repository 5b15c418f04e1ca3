// Broadcast drafts: list, get, create, update. Only a draft may change; every change is
// audited. Sending lives in broadcast-lifecycle.ts, the audience estimate in broadcast-estimate.ts.
import type { Db } from "@mailstream/db/client";
import {
  findBroadcastById,
  findBroadcastVariants,
  findWorkspaceBroadcasts,
  insertBroadcast,
  lockBroadcast,
  updateBroadcast,
  type BroadcastRow,
  type BroadcastVariantRow,
  type NewBroadcast,
} from "@mailstream/db/queries/broadcasts";
import { replaceBroadcastVariants } from "@mailstream/db/queries/broadcast-ab";
import { findSegmentById } from "@mailstream/db/queries/segments";
import { findTopic } from "@mailstream/db/queries/subscription-topics";
import { findTemplateById } from "@mailstream/db/queries/templates";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit, summarizeChanges } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { broadcastGoalEvent, resolveDraftGoalEvent } from "./broadcast-goal";
import type { BroadcastDraftInput } from "./broadcast-input";
import { abTestColumn, presentAbTest, variantRowsFromDraft } from "./broadcast-variants";

export function broadcastNotFound(broadcastId: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, `Broadcast ${broadcastId} does not exist in this workspace.`);
}

function invalid(path: string, message: string): AppError {
  return new AppError(AppErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });
}

/**
 * The audience and template named must exist in this workspace (a stale id is named, not
 * stored), and the goal must be one event.
 */
async function checkDraft(db: Db, workspaceId: string, input: BroadcastDraftInput): Promise<void> {
  resolveDraftGoalEvent(input);
  const { audience, templateId } = input;
  if (audience?.kind === "segment" && !(await findSegmentById(db, workspaceId, audience.segmentId))) {
    throw invalid("audience.segmentId", `Segment ${audience.segmentId} does not exist in this workspace.`);
  }
  if (audience?.kind === "topic" && !(await findTopic(db, workspaceId, audience.topicId))) {
    throw invalid("audience.topicId", `Subscription topic ${audience.topicId} does not exist in this workspace.`);
  }
  if (templateId && !(await findTemplateById(db, workspaceId, templateId))) {
    throw invalid("templateId", `Template ${templateId} does not exist in this workspace.`);
  }
  for (const [index, variant] of (input.abTest?.variants ?? []).entries()) {
    if (variant.templateId && !(await findTemplateById(db, workspaceId, variant.templateId))) {
      throw invalid(
        `abTest.variants.${index}.templateId`,
        `Template ${variant.templateId} does not exist in this workspace.`,
      );
    }
  }
}

function toColumns(input: BroadcastDraftInput): Omit<NewBroadcast, "workspaceId"> {
  const { schedule } = input;
  return {
    name: input.name,
    segmentId: input.audience?.kind === "segment" ? input.audience.segmentId : null,
    topicId: input.audience?.kind === "topic" ? input.audience.topicId : null,
    fromAddress: input.fromAddress,
    scheduleKind: schedule.kind,
    sendAt: schedule.kind === "at" ? new Date(schedule.sendAt) : null,
    localTime: schedule.kind === "local_time" ? schedule.localTime : null,
    throttlePerHour: input.throttlePerHour,
    domainLimits: input.domainLimits,
    quietHours: input.quietHours,
    frequencyCap: input.frequencyCap,
    abTest: abTestColumn(input.abTest),
    goalEvent: resolveDraftGoalEvent(input),
  };
}

/** The broadcast as the UI and API show it: the row, its audience and template in the input's shape. */
export function presentBroadcast(row: BroadcastRow, variants: readonly BroadcastVariantRow[]) {
  const remaining = Math.max(0, row.recipientCount - row.sentCount - row.skippedCount - row.failedCount);
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    audience: row.segmentId
      ? ({ kind: "segment", segmentId: row.segmentId } as const)
      : row.topicId
        ? ({ kind: "topic", topicId: row.topicId } as const)
        : null,
    templateId: variants[0]?.templateId ?? null,
    fromAddress: row.fromAddress,
    schedule:
      row.scheduleKind === "at" && row.sendAt
        ? ({ kind: "at", sendAt: row.sendAt.toISOString() } as const)
        : row.scheduleKind === "local_time" && row.localTime
          ? ({ kind: "local_time", localTime: row.localTime } as const)
          : row.scheduleKind === "best_time"
            ? ({ kind: "best_time" } as const)
            : ({ kind: "now" } as const),
    throttlePerHour: row.throttlePerHour,
    domainLimits: row.domainLimits,
    quietHours: row.quietHours,
    frequencyCap: row.frequencyCap,
    abTest: presentAbTest(row.abTest, variants),
    goalEvent: broadcastGoalEvent(row),
    /** Variant keys by id (the report and CSV name variants by key). */
    variants: variants.map((v) => ({
      id: v.id,
      key: v.key,
      weight: v.weight,
      subject: v.subject,
      senderName: v.senderName,
    })),
    abTestEndsAt: row.abTestEndsAt,
    abDecision: row.abDecision,
    counts: {
      recipients: row.recipientCount,
      sent: row.sentCount,
      skipped: row.skippedCount,
      failed: row.failedCount,
      remaining,
    },
    scheduledAt: row.scheduledAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type BroadcastView = ReturnType<typeof presentBroadcast>;

export async function listBroadcasts(db: Db, workspaceId: string): Promise<BroadcastView[]> {
  const rows = await findWorkspaceBroadcasts(db, workspaceId);
  return rows.map((row) => presentBroadcast(row, []));
}

export async function getBroadcast(db: Db, workspaceId: string, broadcastId: string): Promise<BroadcastView> {
  const row = await findBroadcastById(db, workspaceId, broadcastId);
  if (!row) throw broadcastNotFound(broadcastId);
  return presentBroadcast(row, await findBroadcastVariants(db, row.id));
}

export async function createBroadcastDraft(
  db: Db,
  workspaceId: string,
  input: BroadcastDraftInput,
  audit?: AuditContext | null,
): Promise<BroadcastView> {
  await checkDraft(db, workspaceId, input);
  const id = await db.transaction(async (tx) => {
    const row = await insertBroadcast(tx, { workspaceId, ...toColumns(input) });
    await replaceBroadcastVariants(tx, { workspaceId, broadcastId: row.id, variants: variantRowsFromDraft(input) });
    await recordAudit(tx, {
      context: audit,
      action: "broadcast.create",
      target: { type: "broadcast", id: row.id, label: row.name },
    });
    return row.id;
  });
  return getBroadcast(db, workspaceId, id);
}

export async function updateBroadcastDraft(
  db: Db,
  workspaceId: string,
  broadcastId: string,
  input: BroadcastDraftInput,
  audit?: AuditContext | null,
): Promise<BroadcastView> {
  await checkDraft(db, workspaceId, input);
  await db.transaction(async (tx) => {
    const current = await lockBroadcast(tx, workspaceId, broadcastId);
    if (!current) throw broadcastNotFound(broadcastId);
    if (current.status !== "draft") {
      throw new AppError(
        AppErrorCode.PRECONDITION_FAILED,
        `Broadcast "${current.name}" is ${current.status}; only a draft can be edited.`,
      );
    }
    const columns = toColumns(input);
    await updateBroadcast(tx, workspaceId, broadcastId, columns);
    await replaceBroadcastVariants(tx, { workspaceId, broadcastId, variants: variantRowsFromDraft(input) });
    await recordAudit(tx, {
      context: audit,
      action: "broadcast.edit",
      target: { type: "broadcast", id: broadcastId, label: input.name },
      changes: summarizeChanges(current as unknown as Record<string, unknown>, columns as Record<string, unknown>, {
        fields: [
          "name",
          "segmentId",
          "topicId",
          "fromAddress",
          "scheduleKind",
          "sendAt",
          "localTime",
          "throttlePerHour",
          "abTest",
          "goalEvent",
        ],
        publicFields: ["name", "scheduleKind", "throttlePerHour"],
      }),
    });
  });
  return getBroadcast(db, workspaceId, broadcastId);
}
