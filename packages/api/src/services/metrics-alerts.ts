// Delivery-health alerts: a bounce or complaint rate above the workspace's threshold over
// its sliding window, per journey or recipient domain, opens one alert (re-checks of a
// still-high rate change nothing) and, when the workspace enables it, pauses the journey.
// A rate back under the threshold resolves the alert.
import type { Db } from "@mailstream/db/client";
import {
  findAlerts,
  findMetricSettings,
  findScopeRates,
  findWorkspaceIds,
  insertAlertOnce,
  resolveOpenAlert,
  setAlertAction,
  upsertMetricSettings,
  type MetricAlert,
  type MetricSettings,
} from "@mailstream/db/queries/metrics-alerts";
import { z } from "zod";

/** Pauses a journey's sends; the lifecycle service (journeys.pause) provides it. */
export type PauseJourney = (workspaceId: string, journeyId: string) => Promise<void>;

export const ZMetricSettingsPatchSchema = z.object({
  attributionWindowHours: z.number().int().min(1).max(24 * 90).optional(),
  bounceRateThreshold: z.number().gt(0).lt(1).optional(),
  complaintRateThreshold: z.number().gt(0).lt(1).optional(),
  alertWindowMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
  alertMinSends: z.number().int().min(1).optional(),
  isAutoPauseEnabled: z.boolean().optional(),
});

export async function evaluateWorkspaceAlerts(db: Db, workspaceId: string, pauseJourney?: PauseJourney): Promise<MetricAlert[]> {
  const settings = await findMetricSettings(db, workspaceId);
  const rates = await findScopeRates(db, workspaceId, settings.alertWindowMinutes);
  const raised: MetricAlert[] = [];
  for (const scope of rates) {
    for (const [metric, count, threshold] of [
      ["bounce_rate", scope.bounced, settings.bounceRateThreshold],
      ["complaint_rate", scope.complained, settings.complaintRateThreshold],
    ] as const) {
      const rate = scope.sent > 0 ? count / scope.sent : 0;
      if (scope.sent < settings.alertMinSends || rate <= threshold) {
        if (rate <= threshold) await resolveOpenAlert(db, workspaceId, scope.scope, metric);
        continue;
      }
      const alert = await insertAlertOnce(db, {
        workspaceId, scope: scope.scope, journeyId: scope.journeyId, metric, rate, threshold,
        sends: scope.sent, windowMinutes: settings.alertWindowMinutes,
      });
      if (!alert) continue;
      if (scope.journeyId && settings.isAutoPauseEnabled) {
        const action = await pauseFor(pauseJourney, workspaceId, scope.journeyId);
        await setAlertAction(db, alert.id, action);
        alert.action = action;
      }
      raised.push(alert);
    }
  }
  return raised;
}

async function pauseFor(pauseJourney: PauseJourney | undefined, workspaceId: string, journeyId: string): Promise<string> {
  if (!pauseJourney) return "pause unavailable";
  try {
    await pauseJourney(workspaceId, journeyId);
    return "paused";
  } catch (error) {
    return `pause failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200);
  }
}

export async function evaluateAllAlerts(db: Db, pauseJourney?: PauseJourney): Promise<void> {
  for (const workspaceId of await findWorkspaceIds(db)) await evaluateWorkspaceAlerts(db, workspaceId, pauseJourney);
}

/**
 * Re-checks every workspace each `intervalMs` for the life of the process (unref'd, so it
 * never holds a process open). Several processes doing it is harmless: an open alert is
 * unique per scope and metric. Returns a stop function.
 */
export function startAlertChecker(db: Db, options: { intervalMs?: number; pauseJourney?: PauseJourney } = {}): () => void {
  let isRunning = false;
  const timer = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    evaluateAllAlerts(db, options.pauseJourney)
      .catch((error: unknown) => console.warn("metrics alerts: check failed:", error))
      .finally(() => {
        isRunning = false;
      });
  }, options.intervalMs ?? 30_000);
  timer.unref();
  return () => clearInterval(timer);
}

export const listAlerts = (db: Db, workspaceId: string, journeyId?: string) => findAlerts(db, workspaceId, { journeyId });
export const getMetricSettings = (db: Db, workspaceId: string): Promise<MetricSettings> => findMetricSettings(db, workspaceId);
export const updateMetricSettings = (db: Db, workspaceId: string, patch: z.infer<typeof ZMetricSettingsPatchSchema>) =>
  upsertMetricSettings(db, workspaceId, patch);
