// The instance security log: failed and rate-limited sign-ins (kept 30 days) and changes to
// instance settings such as single sign-on (kept).
import { and, desc, inArray, lt } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { securityEvents } from "../schema/index";

export type SecurityEventRow = typeof securityEvents.$inferSelect;
export type SecurityEventKind = SecurityEventRow["kind"];

export const SECURITY_EVENT_RETENTION_DAYS = 30;

export async function insertSecurityEvent(
  db: Db | Tx,
  event: {
    kind: SecurityEventKind;
    email: string | null;
    sourceAddress: string | null;
    detail?: Record<string, unknown> | null;
    at?: Date;
  },
): Promise<void> {
  await db.insert(securityEvents).values(event);
}

/** Sign-in events expire; instance setting changes (single sign-on) are kept. */
const EXPIRING_KINDS: SecurityEventKind[] = ["sign_in_failed", "sign_in_rate_limited", "sso_sign_in_refused"];

/** Deletes sign-in events older than the retention window; returns how many went. */
export async function pruneSecurityEvents(db: Db | Tx, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - SECURITY_EVENT_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const deleted = await db
    .delete(securityEvents)
    .where(and(lt(securityEvents.at, cutoff), inArray(securityEvents.kind, EXPIRING_KINDS)))
    .returning({ id: securityEvents.id });
  return deleted.length;
}

/** The events of some tried addresses (lower-cased as stored), oldest first. */
export async function findSecurityEventsByEmail(db: Db | Tx, emails: string[]): Promise<SecurityEventRow[]> {
  return db.select().from(securityEvents).where(inArray(securityEvents.email, emails)).orderBy(securityEvents.at);
}

export async function findRecentSecurityEvents(db: Db | Tx, limit: number): Promise<SecurityEventRow[]> {
  return db.select().from(securityEvents).orderBy(desc(securityEvents.at)).limit(limit);
}
