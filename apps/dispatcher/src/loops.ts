// Every background loop the dispatcher process runs, named once with its interval. Work that
// must happen once per deployment — and that may pause runs, which needs a Temporal client —
// lives here. Several dispatchers may run (cluster mode runs two): the dispatch claim uses
// SKIP LOCKED, the segment schedule its own advisory lock, and each periodic pass below runs
// in one dispatcher at a time (runExclusivePass). Each loop's logic is a use case in
// @mailstream/core; this file only starts them and stops them on one signal.
import type { Client as TemporalClient } from "@temporalio/client";
import { createDb } from "@mailstream/db/client";
import { log } from "@mailstream/log";
import { evaluateAllAlerts, lifecyclePauser } from "@mailstream/core/alerts/alerts";
import { pruneSecurityLog } from "@mailstream/core/audit/security-log";
import { catchUpCatalogue } from "@mailstream/core/catalogue/refresh-catalogue";
import { runExclusivePass } from "@mailstream/core/dispatch/exclusive-pass";
import { runDispatcher } from "@mailstream/core/dispatch/run-dispatcher";
import { checkAutoWinners } from "@mailstream/core/experiments/auto-winner";
import { sendUnsentRunMigrationSignals } from "@mailstream/core/journeys/migrate-runs";
import { applyEventRetention } from "@mailstream/core/retention/apply-retention";
import { prepareEventPartitions } from "@mailstream/core/retention/event-partitions";
import { runSegmentSchedule } from "@mailstream/core/segments/schedule";

export const LOOP_INTERVALS_MS = {
  /** Dispatch: woken by NOTIFY on new events; this poll only covers a lost notification. */
  dispatch: 1_000,
  /** Segment schedule: time-based rules ("no login in 7 days") and windowed computed traits. */
  segmentSchedule: 60_000,
  /** Delivery-health alerts (bounce/complaint rate), with auto-pause when a workspace enables it. */
  alertChecker: 30_000,
  /** Automatic experiment winners for opted-in splits. */
  autoWinnerChecker: 60_000,
  /** The catalogue behind suggestions while typing: new events folded in, in batches, off the ingest path. */
  catalogue: 5_000,
  /** Republish moves whose sender stopped (web process died, Temporal down): their unsent signals go out. */
  runMigrations: 30_000,
  /** The instance security log (failed sign-ins) keeps 30 days; older rows go hourly. */
  securityLogPrune: 60 * 60_000,
  /** Monthly partitions of events and message events, kept three months ahead (a missed hour costs nothing). */
  eventPartitions: 60 * 60_000,
  /** Per-workspace event retention: expired partitions dropped, other expired rows deleted in bounded batches. */
  eventRetention: 10 * 60_000,
} as const;

export interface LoopsOptions {
  databaseUrl: string;
  temporal: TemporalClient;
  signal: AbortSignal;
  onReady?: () => void;
}

/**
 * Runs `pass` every `intervalMs` until `signal` aborts, never two at once here nor in another
 * dispatcher process (a slow pass skips the ticks it overlaps); a failed pass is logged and
 * the next tick tries again. The timer is unref'd, so it never holds the process open.
 */
function repeat(
  pool: ReturnType<typeof createDb>["pool"],
  name: string,
  intervalMs: number,
  signal: AbortSignal,
  pass: () => Promise<void>,
): void {
  let isRunning = false;
  const timer = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    runExclusivePass(pool, name, pass)
      .catch((error: unknown) => log.warn("loop pass failed", { loop: name }, error))
      .finally(() => {
        isRunning = false;
      });
  }, intervalMs);
  timer.unref();
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}

/** Starts every loop; resolves once all of them stopped after `signal` aborted. */
export async function runLoops({ databaseUrl, temporal, signal, onReady }: LoopsOptions): Promise<void> {
  const { db, pool } = createDb(databaseUrl);
  const segmentSchedule = runSegmentSchedule({
    databaseUrl,
    temporal,
    signal,
    intervalMs: LOOP_INTERVALS_MS.segmentSchedule,
    log,
  });
  const pauseJourney = lifecyclePauser({ db, temporal: () => Promise.resolve(temporal) });
  repeat(pool, "metrics alerts", LOOP_INTERVALS_MS.alertChecker, signal, () => evaluateAllAlerts(db, pauseJourney));
  repeat(pool, "experiments: automatic winner", LOOP_INTERVALS_MS.autoWinnerChecker, signal, async () => {
    for (const d of await checkAutoWinners(db)) {
      log.info("experiment winner declared (automatic)", {
        journeyId: d.journeyId,
        nodeId: d.winner.nodeId,
        variantId: d.winner.variantId,
      });
    }
  });
  repeat(pool, "catalogue", LOOP_INTERVALS_MS.catalogue, signal, async () => {
    await catchUpCatalogue(db);
  });
  repeat(pool, "run migrations: unsent signals", LOOP_INTERVALS_MS.runMigrations, signal, async () => {
    const signalled = await sendUnsentRunMigrationSignals({ db, temporal: () => Promise.resolve(temporal), log });
    if (signalled > 0) log.info("run migration signals resumed", { signalled });
  });
  repeat(pool, "security log prune", LOOP_INTERVALS_MS.securityLogPrune, signal, async () => {
    await pruneSecurityLog(db);
  });
  repeat(pool, "event partitions", LOOP_INTERVALS_MS.eventPartitions, signal, async () => {
    const created = await prepareEventPartitions(db);
    if (created > 0) log.info("event partitions created", { created });
  });
  repeat(pool, "event retention", LOOP_INTERVALS_MS.eventRetention, signal, async () => {
    const report = await applyEventRetention(db);
    if (report.droppedPartitions.length > 0 || report.deletedRows > 0) {
      log.info("event retention applied", {
        droppedPartitions: report.droppedPartitions.join(","),
        deletedRows: report.deletedRows,
        unfinishedWorkspaces: report.unfinished.length,
      });
    }
  });
  await runDispatcher({
    databaseUrl,
    temporal,
    signal,
    pollIntervalMs: LOOP_INTERVALS_MS.dispatch,
    log,
    ...(onReady ? { onReady } : {}),
  });
  await segmentSchedule;
}
