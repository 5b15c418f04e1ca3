// The audit log's reads and its one write. Rows are never updated or deleted (a trigger refuses
// it); the page and the read API walk them newest first by (at, id) with an opaque cursor.
import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { auditLog } from "../schema/index";

export type AuditLogRow = typeof auditLog.$inferSelect;
export type NewAuditLogRow = typeof auditLog.$inferInsert;

export async function insertAuditLogRow(db: Db | Tx, row: NewAuditLogRow): Promise<void> {
  await db.insert(auditLog).values(row);
}

/** What a reader may filter on; the core use case passes these through as they came. */
export interface AuditLogCriteria {
  /** Exact action (`journey.publish`) or a domain prefix ending in a dot (`journey.`). */
  action?: string | undefined;
  /** Matches the actor's id or label (email, key prefix), case-insensitively, as a substring. */
  actor?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface AuditLogFilter extends AuditLogCriteria {
  workspaceId: string;
  /** The last row of the previous page: rows strictly older than it. */
  after?: { at: Date; id: string } | undefined;
  limit: number;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function findAuditLogPage(db: Db | Tx, filter: AuditLogFilter): Promise<AuditLogRow[]> {
  const conditions: SQL[] = [eq(auditLog.workspaceId, filter.workspaceId)];
  if (filter.action) {
    conditions.push(
      filter.action.endsWith(".")
        ? sql`${auditLog.action} LIKE ${escapeLike(filter.action) + "%"}`
        : eq(auditLog.action, filter.action),
    );
  }
  if (filter.actor) {
    const pattern = `%${escapeLike(filter.actor)}%`;
    conditions.push(or(sql`${auditLog.actorLabel} ILIKE ${pattern}`, sql`${auditLog.actorId} ILIKE ${pattern}`)!);
  }
  if (filter.targetType) conditions.push(eq(auditLog.targetType, filter.targetType));
  if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lte(auditLog.at, filter.to));
  if (filter.after) {
    const { at, id } = filter.after;
    conditions.push(or(lt(auditLog.at, at), and(eq(auditLog.at, at), lt(auditLog.id, id)))!);
  }
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit);
}
