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
  upsertSingleVariant,
  type BroadcastRow,
  type NewBroadcast,
} from "@mailstream/db/queries/broadcasts";
import { findSegmentById } from "@mailstream/db/queries/segments";
import { findTopic } from "@mailstream/db/queries/subscription-topics";
import { findTemplateById } from "@mailstream/db/queries/templates";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit, summarizeChanges } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import type { BroadcastDraftInput } from "./broadcast-input";

export function broadcastNotFound(broadcastId: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, `Broadcast ${broadcastId} does not exist in this workspace.`);
}

function invalid(path: string, message: string): AppError {
  return new AppError(AppErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });
}

/** The audience and template named must exist in this workspace (a stale id is named, not stored). */
async function checkReferences(db: Db, workspaceId: string, input: BroadcastDraftInput): Promise<void> {
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
  };
}

/** The broadcast as the UI and API show it: the row, its audience and template in the input's shape. */
export function presentBroadcast(row: BroadcastRow, templateId: string | null) {
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
    templateId,
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
  return rows.map((row) => presentBroadcast(row, null));
}

export async function getBroadcast(db: Db, workspaceId: string, broadcastId: string): Promise<BroadcastView> {
  const row = await findBroadcastById(db, workspaceId, broadcastId);
  if (!row) throw broadcastNotFound(broadcastId);
  const [variant] = await findBroadcastVariants(db, row.id);
  return presentBroadcast(row, variant?.templateId ?? null);
}

export async function createBroadcastDraft(
  db: Db,
  workspaceId: string,
  input: BroadcastDraftInput,
  audit?: AuditContext | null,
): Promise<BroadcastView> {
  await checkReferences(db, workspaceId, input);
  const id = await db.transaction(async (tx) => {
    const row = await insertBroadcast(tx, { workspaceId, ...toColumns(input) });
    await upsertSingleVariant(tx, { workspaceId, broadcastId: row.id, templateId: input.templateId });
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
  await checkReferences(db, workspaceId, input);
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
    await upsertSingleVariant(tx, { workspaceId, broadcastId, templateId: input.templateId });
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
        ],
        publicFields: ["name", "scheduleKind", "throttlePerHour"],
      }),
    });
  });
  return getBroadcast(db, workspaceId, broadcastId);
}
