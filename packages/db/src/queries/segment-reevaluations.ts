// The segment re-evaluation queue (schema/segment-reevaluations.ts): rows are written by
// triggers; the dispatcher takes a page, re-evaluates those contacts, and the rows go when
// the taking transaction commits — a crash in between leaves them queued (evaluation is
// idempotent). SKIP LOCKED lets several dispatchers share the queue.
import { sql } from "drizzle-orm";
import type { Tx } from "../client";

export interface QueuedReevaluation {
  contactId: string;
  workspaceId: string;
}

/**
 * Deletes (within `tx`, so undone if it rolls back) up to `limit` queued contacts, oldest
 * first. The PL/pgSQL function `take_segment_reevaluations` (migration 0040) keeps its plan:
 * the dispatcher asks after every round.
 */
export async function takeSegmentReevaluations(
  tx: Tx,
  options: { limit: number; workspaceIds?: readonly string[] },
): Promise<QueuedReevaluation[]> {
  const only = options.workspaceIds ? `{${options.workspaceIds.join(",")}}` : null;
  const result = await tx.execute<{ contact_id: string; workspace_id: string }>(
    sql`select contact_id, workspace_id from take_segment_reevaluations(${options.limit}::int, ${only}::uuid[])`,
  );
  return result.rows.map((row) => ({ contactId: row.contact_id, workspaceId: row.workspace_id }));
}
