// The scheduled pass: first re-derives windowed computed traits (a "logins in the last 7
// days" count drops as events age out, with no event to announce it), then evaluates every
// contact of every workspace with segments — catching what no event announces (time-based
// rules lapsing, rules on those windowed counts) — snapshots segment sizes for the
// size-over-time chart, and starts the runs of entries a crash left pending.
import type { Db } from "@mailstream/db/client";
import {
  findWorkspacesWithWindowedTraits,
  refreshWindowedComputedTraits,
} from "@mailstream/db/queries/computed-traits";
import { findContactIdsPage, findWorkspacesWithSegments } from "@mailstream/db/queries/segment-memberships";
import {
  countSegmentMembers,
  findLastSnapshotTimes,
  findWorkspaceSegments,
  insertSizeSnapshot,
  type SegmentRecord,
} from "@mailstream/db/queries/segments";
import { startPendingEntryRuns, type SegmentRunDeps } from "./entry-runs";
import { evaluateContactsForSegments } from "./evaluate-contacts";

export const SWEEP_PAGE_SIZE = 500;
/** Size snapshots are taken at most this often per segment. */
export const DEFAULT_SNAPSHOT_INTERVAL_MS = 10 * 60_000;

export interface SweepResult {
  contacts: number;
  entered: number;
  left: number;
  runsStarted: number;
}

/** Evaluates `segments` for every contact of the workspace, a page at a time. */
export async function evaluateWorkspaceContacts(
  db: Db,
  input: { workspaceId: string; segments: readonly Pick<SegmentRecord, "id" | "definition">[]; now?: Date },
): Promise<Omit<SweepResult, "runsStarted">> {
  const totals = { contacts: 0, entered: 0, left: 0 };
  if (input.segments.length === 0) return totals;
  let afterId: string | null = null;
  for (;;) {
    const page = await findContactIdsPage(db, input.workspaceId, afterId, SWEEP_PAGE_SIZE);
    if (page.length === 0) break;
    const changes = await evaluateContactsForSegments(db, {
      workspaceId: input.workspaceId,
      contactIds: page,
      segments: input.segments,
      now: input.now,
    });
    totals.contacts += page.length;
    totals.entered += changes.entered.length;
    totals.left += changes.left.length;
    afterId = page[page.length - 1] ?? null;
    if (page.length < SWEEP_PAGE_SIZE) break;
  }
  return totals;
}

/** Snapshots each segment whose last snapshot is older than `intervalMs` (or missing). */
export async function snapshotSegmentSizes(
  db: Db,
  workspaceId: string,
  segmentIds: readonly string[],
  intervalMs: number,
  now = new Date(),
): Promise<number> {
  const last = await findLastSnapshotTimes(db, workspaceId);
  let taken = 0;
  for (const segmentId of segmentIds) {
    const lastAt = last.get(segmentId);
    if (lastAt && now.getTime() - lastAt.getTime() < intervalMs) continue;
    await insertSizeSnapshot(db, segmentId, await countSegmentMembers(db, segmentId));
    taken++;
  }
  return taken;
}

export async function sweepSegments(
  deps: SegmentRunDeps,
  options: { workspaceIds?: readonly string[]; now?: Date; snapshotIntervalMs?: number } = {},
): Promise<SweepResult> {
  const result: SweepResult = { contacts: 0, entered: 0, left: 0, runsStarted: 0 };
  // Before segments, which read these values.
  for (const workspaceId of await findWorkspacesWithWindowedTraits(deps.db, options.workspaceIds)) {
    await refreshWindowedComputedTraits(deps.db, workspaceId, options.now);
  }
  for (const workspaceId of await findWorkspacesWithSegments(deps.db, options.workspaceIds)) {
    const segments = await findWorkspaceSegments(deps.db, workspaceId);
    const totals = await evaluateWorkspaceContacts(deps.db, { workspaceId, segments, now: options.now });
    result.contacts += totals.contacts;
    result.entered += totals.entered;
    result.left += totals.left;
    await snapshotSegmentSizes(
      deps.db,
      workspaceId,
      segments.map((segment) => segment.id),
      options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS,
    );
  }
  for (;;) {
    const batch = await startPendingEntryRuns(deps, { workspaceIds: options.workspaceIds });
    result.runsStarted += batch.runsStarted;
    if (batch.entries === 0) break;
  }
  return result;
}
