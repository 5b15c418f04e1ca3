// Reading the audit log: a filtered page, newest first, with an opaque cursor (the page, the
// read API), and the rows of a CSV export (the same filter, up to a cap).
import type { Db } from "@mailstream/db/client";
import { findAuditLogPage, type AuditLogCriteria, type AuditLogRow } from "@mailstream/db/queries/audit-log";
import { z } from "zod";
import { AppError, AppErrorCode } from "../errors/app-error";

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_MAX_ROWS = 10_000;

const ZOptionalText = (field: string, max: number) =>
  z
    .string({ message: `${field} must be text` })
    .trim()
    .max(max, `${field} must be at most ${max} characters`)
    .optional()
    .transform((value) => value || undefined);

const ZOptionalTime = (field: string) =>
  z.coerce.date({ message: `${field} must be a date and time (ISO 8601, e.g. 2026-01-31T00:00:00Z)` }).optional();

/** The filters of the page, the tRPC query and the read API (`?action=&actor=&from=&to=&cursor=&limit=`). */
export const ZAuditLogQuerySchema = z.object({
  /** An action (`journey.publish`) or a domain prefix ending in a dot (`journey.`). */
  action: ZOptionalText("action", 100),
  /** Part of the actor's email, key prefix or id. */
  actor: ZOptionalText("actor", 320),
  targetType: ZOptionalText("targetType", 100),
  targetId: ZOptionalText("targetId", 200),
  from: ZOptionalTime("from"),
  to: ZOptionalTime("to"),
  /** The previous page's `nextCursor` (null or absent: the newest page). */
  cursor: z
    .string({ message: "cursor must be text" })
    .max(200, "cursor is not one this API returned")
    .nullish()
    .transform((value) => value || undefined),
  limit: z.coerce
    .number({ message: "limit must be a number" })
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(200, "limit must be at most 200")
    .optional(),
});
export interface AuditLogQuery extends AuditLogCriteria {
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface AuditLogItem {
  id: string;
  at: Date;
  action: string;
  actor: { kind: "user" | "key"; id: string; label: string };
  target: { type: string; id: string | null; label: string | null };
  sourceAddress: string | null;
  changes: AuditLogRow["changes"];
}

function toItem(row: AuditLogRow): AuditLogItem {
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    actor: { kind: row.actorKind, id: row.actorId, label: row.actorLabel },
    target: { type: row.targetType, id: row.targetId, label: row.targetLabel },
    sourceAddress: row.sourceAddress,
    changes: row.changes,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `<ISO time>_<row id>`, base64url: opaque to clients, checked on the way back in. */
function encodeCursor(row: { at: Date; id: string }): string {
  return Buffer.from(`${row.at.toISOString()}_${row.id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("_");
  const at = new Date(iso ?? "");
  if (!id || !UUID.test(id) || Number.isNaN(at.getTime())) {
    throw new AppError(AppErrorCode.INVALID_INPUT, "cursor is not one this API returned", {
      issues: [{ path: "cursor", message: "cursor is not one this API returned" }],
    });
  }
  return { at, id };
}

function checkRange(query: AuditLogQuery): void {
  if (query.from && query.to && query.from > query.to) {
    throw new AppError(AppErrorCode.INVALID_INPUT, "from must not be after to", {
      issues: [{ path: "from", message: "from must not be after to" }],
    });
  }
}

export async function listAuditLog(
  db: Db,
  workspaceId: string,
  query: AuditLogQuery,
): Promise<{ items: AuditLogItem[]; nextCursor: string | null }> {
  checkRange(query);
  const { cursor, limit = AUDIT_PAGE_SIZE, ...criteria } = query;
  const rows = await findAuditLogPage(db, {
    ...criteria,
    workspaceId,
    after: cursor ? decodeCursor(cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(toItem), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export const AUDIT_CSV_HEADER = [
  "time",
  "action",
  "actor_kind",
  "actor",
  "actor_id",
  "target_type",
  "target_id",
  "target",
  "source_address",
  "changed_fields",
] as const;

/** The rows of a CSV export of the filtered log (newest first, at most AUDIT_EXPORT_MAX_ROWS). */
export async function exportAuditLog(
  db: Db,
  workspaceId: string,
  query: Omit<AuditLogQuery, "cursor" | "limit">,
): Promise<{ header: readonly string[]; rows: string[][]; isTruncated: boolean }> {
  const { items, nextCursor } = await listAuditLog(db, workspaceId, { ...query, limit: AUDIT_EXPORT_MAX_ROWS });
  return {
    header: AUDIT_CSV_HEADER,
    rows: items.map((item) => [
      item.at.toISOString(),
      item.action,
      item.actor.kind,
      item.actor.label,
      item.actor.id,
      item.target.type,
      item.target.id ?? "",
      item.target.label ?? "",
      item.sourceAddress ?? "",
      (item.changes?.fields ?? []).join(" "),
    ]),
    isTruncated: nextCursor !== null,
  };
}
