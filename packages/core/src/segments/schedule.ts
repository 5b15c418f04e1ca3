// The segment schedule beside the dispatcher loop: a sweep every `intervalMs`. Several
// dispatcher processes may run it; a session advisory lock lets one sweep at a time (the
// per-contact locks keep them correct anyway; this only saves the duplicate work).
import { setTimeout as sleep } from "node:timers/promises";
import { createDb } from "@mailstream/db/client";
import type { SegmentRunDeps } from "./entry-runs";
import { sweepSegments, type SweepResult } from "./sweep";
import { log as processLog } from "@mailstream/log";

export const DEFAULT_SEGMENT_SWEEP_INTERVAL_MS = 60_000;
const SWEEP_LOCK_KEY = 0x5e65_5e65;

export interface SegmentScheduleOptions extends Omit<SegmentRunDeps, "db"> {
  databaseUrl: string;
  signal: AbortSignal;
  intervalMs?: number;
  workspaceIds?: readonly string[];
  snapshotIntervalMs?: number;
  onSweep?: (result: SweepResult) => void;
}

/** Sweeps until `signal` aborts. A failed sweep is logged and retried next interval. */
export async function runSegmentSchedule(options: SegmentScheduleOptions): Promise<void> {
  const log = (options.log ?? processLog).with({ loop: "segment schedule" });
  const { db, pool } = createDb(options.databaseUrl);
  const intervalMs = options.intervalMs ?? DEFAULT_SEGMENT_SWEEP_INTERVAL_MS;
  while (!options.signal.aborted) {
    try {
      const client = await pool.connect();
      try {
        const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [
          SWEEP_LOCK_KEY,
        ]);
        if (rows[0]?.locked) {
          try {
            const result = await sweepSegments(
              { ...options, db, log },
              { workspaceIds: options.workspaceIds, snapshotIntervalMs: options.snapshotIntervalMs },
            );
            options.onSweep?.(result);
          } finally {
            await client.query("select pg_advisory_unlock($1)", [SWEEP_LOCK_KEY]);
          }
        }
      } finally {
        client.release();
      }
    } catch (error) {
      log.error(`scheduled sweep failed; retrying in ${intervalMs} ms`, {}, error);
    }
    await sleep(intervalMs, undefined, { signal: options.signal }).catch(() => {});
  }
}
