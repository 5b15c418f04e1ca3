// Every background loop the dispatcher process runs, named once with its interval. There is
// one dispatcher per deployment (any number of web servers), so work that must happen once —
// and that may pause runs, which needs a Temporal client — lives here. Each loop's logic is a
// use case in @mailstream/core; this file only starts them and stops them on one signal.
import type { Client as TemporalClient } from "@temporalio/client";
import { createDb } from "@mailstream/db/client";
import { lifecyclePauser, startAlertChecker } from "@mailstream/core/alerts/alerts";
import { runDispatcher } from "@mailstream/core/dispatch/run-dispatcher";
import { startAutoWinnerChecker } from "@mailstream/core/experiments/auto-winner";
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
} as const;

export interface LoopsOptions {
  databaseUrl: string;
  temporal: TemporalClient;
  signal: AbortSignal;
  onReady?: () => void;
}

/** Starts every loop; resolves once all of them stopped after `signal` aborted. */
export async function runLoops({ databaseUrl, temporal, signal, onReady }: LoopsOptions): Promise<void> {
  const { db } = createDb(databaseUrl);
  const segmentSchedule = runSegmentSchedule({ databaseUrl, temporal, signal, intervalMs: LOOP_INTERVALS_MS.segmentSchedule });
  const stopAlerts = startAlertChecker(db, {
    intervalMs: LOOP_INTERVALS_MS.alertChecker,
    pauseJourney: lifecyclePauser({ db, temporal: () => Promise.resolve(temporal) }),
  });
  const stopAutoWinners = startAutoWinnerChecker(db, { intervalMs: LOOP_INTERVALS_MS.autoWinnerChecker });
  signal.addEventListener("abort", () => (stopAlerts(), stopAutoWinners()), { once: true });
  await runDispatcher({ databaseUrl, temporal, signal, pollIntervalMs: LOOP_INTERVALS_MS.dispatch, ...(onReady ? { onReady } : {}) });
  await segmentSchedule;
}
