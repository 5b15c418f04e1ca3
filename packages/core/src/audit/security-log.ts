// The instance security log's upkeep: failed and rate-limited sign-ins are kept 30 days. The
// dispatcher prunes hourly (apps/dispatcher/src/loops.ts); writes happen in packages/auth.
import type { Db } from "@mailstream/db/client";
import { pruneSecurityEvents } from "@mailstream/db/queries/security-events";

export { SECURITY_EVENT_RETENTION_DAYS } from "@mailstream/db/queries/security-events";

/** Deletes security events past the retention window; returns how many went. */
export function pruneSecurityLog(db: Db, now = new Date()): Promise<number> {
  return pruneSecurityEvents(db, now);
}
