// How a broadcast's throttles spread its emails (BROADCAST_PAGES_PATCH). Both rules cut an hourly
// limit into short steps, so a send goes out evenly instead of a page at a time:
// - the broadcast's rate: a page call sends at most the rate's share of SPREAD_STEP_MS (at least
//   one email), and the workflow waits that batch's share of the hour before the next call;
// - a per-domain limit: at most `budget` sends to the domain in any `windowMs`, the window being
//   the time the limit allows for `budget` emails (about SPREAD_STEP_MS, longer when the limit is
//   too low for one email a step).
// Before the patch a page of 100 went in one burst and a domain could take its whole hour at once.

export const HOUR_MS = 3_600_000;
/** The granularity of the spread: within any step the send stays at its hourly rate (± one batch). */
export const SPREAD_STEP_MS = 5_000;
/** At most one batch call per page call: Resend's batch endpoint takes up to 100 emails. */
const MAX_BATCH = 100;

/** The emails one page call of a throttled broadcast sends; null: no throttle, the whole page. */
export function throttleBatchSize(throttlePerHour: number | null): number | null {
  if (!throttlePerHour || !(throttlePerHour > 0)) return null;
  return Math.min(MAX_BATCH, Math.max(1, Math.floor((throttlePerHour * SPREAD_STEP_MS) / HOUR_MS)));
}

export interface DomainWindow {
  budget: number;
  windowMs: number;
}

/** A per-domain hourly limit as a window; `spread: false` is the limit before the patch (the hour at once). */
export function domainWindow(limitPerHour: number, spread: boolean): DomainWindow {
  if (!spread) return { budget: limitPerHour, windowMs: HOUR_MS };
  const budget = Math.max(1, Math.floor((limitPerHour * SPREAD_STEP_MS) / HOUR_MS));
  return { budget, windowMs: (budget * HOUR_MS) / limitPerHour };
}
