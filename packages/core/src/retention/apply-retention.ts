// Applies each workspace's event retention (settings/event-retention.ts): a month partition
// that no workspace keeps any more is dropped whole (cheap, no dead rows); everything else
// older than a workspace's cutoff is deleted row by row in bounded batches, so one pass never
// holds long locks and a large backlog is worked off over several passes. Metric rollups are
// separate tables and are not touched. Run by the dispatcher, one pass at a time.
import type { Db } from "@mailstream/db/client";
import {
  deleteExpiredEventRows,
  dropExpiredPartition,
  findRetentionCutoffs,
  listMonthPartitions,
} from "@mailstream/db/queries/event-partitions";

export interface RetentionLimits {
  /** Rows per delete statement. */
  batchSize: number;
  /** Delete statements per workspace and table in one pass. */
  maxBatches: number;
}

export const DEFAULT_RETENTION_LIMITS: RetentionLimits = { batchSize: 5_000, maxBatches: 20 };

export interface RetentionReport {
  droppedPartitions: string[];
  deletedRows: number;
  /** Workspaces that still have expired rows after this pass (the next one continues). */
  unfinished: string[];
}

/** The tables row retention walks; each event table before the dedupe keys that guard it. */
const ROW_TARGETS = ["events", "event_message_ids", "message_events", "message_event_keys"] as const;

export async function applyEventRetention(
  db: Db,
  options: { now?: Date; limits?: RetentionLimits; workspaceIds?: readonly string[] } = {},
): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const limits = options.limits ?? DEFAULT_RETENTION_LIMITS;
  const report: RetentionReport = { droppedPartitions: [], deletedRows: 0, unfinished: [] };

  // Whole partitions first: only months that ended before every possible cutoff are candidates.
  if (!options.workspaceIds) {
    for (const partition of await listMonthPartitions(db)) {
      if (partition.to >= now) break;
      if (await dropExpiredPartition(db, partition, now)) report.droppedPartitions.push(partition.name);
    }
  }

  const cutoffs = await findRetentionCutoffs(db, now);
  for (const { workspaceId, cutoff } of cutoffs) {
    if (options.workspaceIds && !options.workspaceIds.includes(workspaceId)) continue;
    let isUnfinished = false;
    for (const target of ROW_TARGETS) {
      for (let batch = 0; ; batch++) {
        if (batch === limits.maxBatches) {
          isUnfinished = true;
          break;
        }
        const deleted = await deleteExpiredEventRows(db, target, workspaceId, cutoff, limits.batchSize);
        report.deletedRows += deleted;
        if (deleted < limits.batchSize) break;
      }
    }
    if (isUnfinished) report.unfinished.push(workspaceId);
  }
  return report;
}
