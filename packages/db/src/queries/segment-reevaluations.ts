// The segment re-evaluation queue (schema/segment-reevaluations.ts): rows are written by
// triggers; the dispatcher takes a page, re-evaluates those contacts, and the rows go when
// the taking transaction commits — a crash in between leaves them queued (evaluation is
// idempotent). SKIP LOCKED lets several dispatchers share the queue.
import { sql } from "drizzle-orm";
import type { Tx } from "../client";
import { segmentReevaluations } from "../schema/index";

export interface QueuedReevaluation {
  contactId: string;
  workspaceId: string;
}

/** Deletes (within `tx`, so undone if it rolls back) up to `limit` queued contacts, oldest first. */
export async function takeSegmentReevaluations(
  tx: Tx,
  options: { limit: number; workspaceIds?: readonly string[] },
): Promise<QueuedReevaluation[]> {
  const scope = options.workspaceIds
    ? sql`where workspace_id = any(${sql`array[${sql.join(
        options.workspaceIds.map((id) => sql`${id}`),
        sql`, `,
      )}]::uuid[]`})`
    : sql``;
  const result = await tx.execute<{ contact_id: string; workspace_id: string }>(sql`
    delete from ${segmentReevaluations} where contact_id in (
      select contact_id from ${segmentReevaluations} ${scope} order by queued_at limit ${options.limit} for update skip locked
    ) returning contact_id, workspace_id`);
  return result.rows.map((row) => ({ contactId: row.contact_id, workspaceId: row.workspace_id }));
}
