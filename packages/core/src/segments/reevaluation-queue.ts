// Drains the segment re-evaluation queue: contacts whose membership may have changed by
// something that is not an ingested event (an email open/click, a hand edit of traits) or
// that are new (a "never did X" segment holds from the first moment). The dispatcher calls
// it after each round, so these contacts are re-checked within a round, not at the next
// sweep. Every segment of the workspace is evaluated: such changes are rare, and which rules
// they touch (engagement, traits, "not performed") is most of them anyway.
import { takeSegmentReevaluations } from "@mailstream/db/queries/segment-reevaluations";
import { findWorkspaceSegments } from "@mailstream/db/queries/segments";
import { startPendingEntryRuns, type SegmentRunDeps } from "./entry-runs";
import { evaluateContactsForSegments } from "./evaluate-contacts";

export const REEVALUATION_PAGE_SIZE = 200;

/** Evaluates one page of queued contacts; returns how many were taken (0 = queue empty). */
export async function drainSegmentReevaluations(
  deps: SegmentRunDeps,
  options: { workspaceIds?: readonly string[]; limit?: number } = {},
): Promise<number> {
  const { taken, evaluated } = await deps.db.transaction(async (tx) => {
    const queued = await takeSegmentReevaluations(tx, {
      limit: options.limit ?? REEVALUATION_PAGE_SIZE,
      workspaceIds: options.workspaceIds,
    });
    const byWorkspace = new Map<string, string[]>();
    for (const row of queued)
      byWorkspace.set(row.workspaceId, [...(byWorkspace.get(row.workspaceId) ?? []), row.contactId]);
    const contactIds: string[] = [];
    for (const [workspaceId, ids] of byWorkspace) {
      const segments = await findWorkspaceSegments(deps.db, workspaceId);
      if (segments.length === 0) continue;
      // Evaluated on pooled connections and committed at once; the queue rows go when `tx` commits.
      await evaluateContactsForSegments(deps.db, { workspaceId, contactIds: ids, segments });
      contactIds.push(...ids);
    }
    return { taken: queued.length, evaluated: contactIds };
  });
  // After the commit: a trigger queueing one of these contacts meanwhile (an open pixel
  // request) waits for the taken rows only as long as the evaluation, never for Temporal.
  // Entries are an outbox: a crash here leaves them pending for the sweep.
  if (evaluated.length > 0) await startPendingEntryRuns(deps, { contactIds: evaluated });
  return taken;
}
