// Keeps the monthly partitions of `events` and `message_events` ready ahead of time, so
// rows land in their month and not in the DEFAULT partition (the safety net the migration
// created). Run hourly by the dispatcher (apps/dispatcher/src/loops.ts), one at a time.
import type { Db } from "@mailstream/db/client";
import { ensureEventPartitions, PARTITION_MONTHS_AHEAD } from "@mailstream/db/queries/event-partitions";

/** Creates what is missing of this month and the next PARTITION_MONTHS_AHEAD; returns how many were created. */
export function prepareEventPartitions(db: Db): Promise<number> {
  return ensureEventPartitions(db, PARTITION_MONTHS_AHEAD);
}
