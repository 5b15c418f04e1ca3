// Delivery-health alerts: a bounce or complaint rate above the workspace's threshold over
// its sliding window, per journey or recipient domain, opens one alert (re-checks of a
// still-high rate change nothing) and, when the workspace enables auto-pause, pauses sends:
// a journey alert pauses its journey; a domain alert (which spans journeys) pauses each live
// journey whose own sends to that domain in the window are above the same threshold, so a
// journey that merely shares the domain at a healthy rate keeps sending.
// A rate back under the threshold resolves the alert.
import type { Db } from "@mailstream/db/client";
import {
  findAlerts,
  findDomainJourneyRates,
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
import type { AuditContext } from "../audit/audit-context";
import { recordAudit, summarizeChanges } from "../audit/record-audit";
import { z } from "zod";
import { pauseJourney, type LifecycleDeps } from "../journeys/journey-lifecycle";

/** Pauses a journey's sends; the lifecycle service (journeys.pause) provides it. */
export type PauseJourney = (workspaceId: string, journeyId: string) => Promise<void>;

/** The real pause: the lifecycle service marks the journey paused and signals its active runs to hold. */
export function lifecyclePauser(deps: LifecycleDeps): PauseJourney {
  return async (workspaceId, journeyId) => {
    await pauseJourney(deps, workspaceId, journeyId);
  };
}

// Messages name the field, so the settings form can put each one beside its input.
export const ZMetricSettingsPatchSchema = z.object({
  attributionWindowHours: z
    .number({ message: "Attribution window must be a number of hours" })
    .int("Attribution window must be whole hours")
    .min(1, "Attribution window must be at least 1 hour")
    .max(24 * 90, "Attribution window must be at most 2160 hours (90 days)")
    .optional(),
  bounceRateThreshold: z
    .number({ message: "Bounce rate threshold must be a number" })
    .gt(0, "Bounce rate threshold must be above 0%")
    .lt(1, "Bounce rate threshold must be below 100%")
    .optional(),
  complaintRateThreshold: z
    .number({ message: "Complaint rate threshold must be a number" })
    .gt(0, "Complaint rate threshold must be above 0%")
    .lt(1, "Complaint rate threshold must be below 100%")
    .optional(),
  alertWindowMinutes: z
    .number({ message: "Alert window must be a number of minutes" })
    .int("Alert window must be whole minutes")
    .min(5, "Alert window must be at least 5 minutes")
    .max(7 * 24 * 60, "Alert window must be at most 10080 minutes (7 days)")
    .optional(),
  alertMinSends: z
    .number({ message: "Minimum sends must be a number" })
    .int("Minimum sends must be a whole number")
    .min(1, "Minimum sends must be at least 1")
    .max(1_000_000, "Minimum sends must be at most 1,000,000")
    .optional(),
  isAutoPauseEnabled: z.boolean({ message: "Auto-pause must be on or off" }).optional(),
});

export async function evaluateWorkspaceAlerts(
  db: Db,
  workspaceId: string,
  pauseJourney?: PauseJourney,
): Promise<MetricAlert[]> {
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
        workspaceId,
        scope: scope.scope,
        journeyId: scope.journeyId,
        metric,
        rate,
        threshold,
        sends: scope.sent,
        windowMinutes: settings.alertWindowMinutes,
      });
      if (!alert) continue;
      if (settings.isAutoPauseEnabled) {
        const action = scope.journeyId
          ? await pauseFor(pauseJourney, workspaceId, scope.journeyId)
          : await pauseDomainJourneys(
              db,
              pauseJourney,
              workspaceId,
              scope.scope,
              metric,
              threshold,
              settings.alertWindowMinutes,
            );
        await setAlertAction(db, alert.id, action);
        alert.action = action;
      }
      raised.push(alert);
    }
  }
  return raised;
}

/** A domain alert's pause: the live journeys whose own rate to that domain is above the threshold. */
async function pauseDomainJourneys(
  db: Db,
  pauseJourney: PauseJourney | undefined,
  workspaceId: string,
  scope: string,
  metric: "bounce_rate" | "complaint_rate",
  threshold: number,
  windowMinutes: number,
): Promise<string> {
  const domain = scope.slice("domain:".length);
  const offenders = (await findDomainJourneyRates(db, workspaceId, domain, windowMinutes)).filter(
    (j) => j.sent > 0 && (metric === "bounce_rate" ? j.bounced : j.complained) / j.sent > threshold,
  );
  if (offenders.length === 0) return "none: no live journey above the threshold for this domain";
  const outcomes: string[] = [];
  for (const journey of offenders) {
    const action = await pauseFor(pauseJourney, workspaceId, journey.journeyId);
    outcomes.push(action === "paused" ? journey.journeyName : `${journey.journeyName} (${action})`);
  }
  return `paused journeys: ${outcomes.join(", ")}`.slice(0, 500);
}

async function pauseFor(
  pauseJourney: PauseJourney | undefined,
  workspaceId: string,
  journeyId: string,
): Promise<string> {
  if (!pauseJourney) return "pause unavailable";
  try {
    await pauseJourney(workspaceId, journeyId);
    return "paused";
  } catch (error) {
    return `pause failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200);
  }
}

/**
 * One pass over every workspace (the dispatcher repeats it, apps/dispatcher/src/loops.ts).
 * Several processes doing it is harmless: an open alert is unique per scope and metric.
 */
export async function evaluateAllAlerts(db: Db, pauseJourney?: PauseJourney): Promise<void> {
  for (const workspaceId of await findWorkspaceIds(db)) await evaluateWorkspaceAlerts(db, workspaceId, pauseJourney);
}

export const listAlerts = (db: Db, workspaceId: string, journeyId?: string) =>
  findAlerts(db, workspaceId, { journeyId });
export const getMetricSettings = (db: Db, workspaceId: string): Promise<MetricSettings> =>
  findMetricSettings(db, workspaceId);
export async function updateMetricSettings(
  db: Db,
  workspaceId: string,
  patch: z.infer<typeof ZMetricSettingsPatchSchema>,
  audit?: AuditContext | null,
): Promise<MetricSettings> {
  return db.transaction(async (tx) => {
    const before = await findMetricSettings(tx, workspaceId);
    const saved = await upsertMetricSettings(tx, workspaceId, patch);
    const fields = Object.keys(patch).filter((key) => patch[key as keyof typeof patch] !== undefined);
    // Thresholds and switches: workspace configuration, shown with their values.
    await recordAudit(tx, {
      context: audit,
      action: "alert.settings_change",
      target: { type: "alert", label: "Alert settings" },
      changes: summarizeChanges<Record<string, unknown>>(before, saved, { fields, publicFields: fields }),
    });
    return saved;
  });
}
