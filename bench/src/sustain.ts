// Whether a rate was sustained, and the bisection that finds the highest such rate. Pure:
// fed with the times each item was accepted and done, so the same verdict applies to
// Mailstream (accepted → sent) and to the raw baseline (start requested → send activity ran).

/** One item of a probe: when it entered the system and when it came out (null = never). */
export interface Timed {
  acceptedAt: number;
  doneAt: number | null;
}

export interface Verdict {
  isSustained: boolean;
  /** Items in the system (accepted, not yet done), averaged over the second quarter of the hold. */
  backlogEarly: number;
  /** The same over the last quarter: more than `early` + tolerance means the backlog grew. */
  backlogLate: number;
  /** Why the rate was not sustained; null when it was. */
  reason: string | null;
}

/** Items in the system at each whole second of the hold, from `start` (epoch ms). */
export function backlogSeries(items: readonly Timed[], start: number, holdSeconds: number): number[] {
  const series: number[] = [];
  for (let second = 1; second <= holdSeconds; second++) {
    const at = start + second * 1_000;
    let inSystem = 0;
    for (const item of items) if (item.acceptedAt <= at && (item.doneAt === null || item.doneAt > at)) inSystem++;
    series.push(inSystem);
  }
  return series;
}

function meanOf(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Sustained = every item accepted and done, and the backlog (dispatch lag plus
 * schedule-to-start: everything accepted but not yet sent) not growing over the hold: the
 * last quarter's mean stays within half a second of work (at least 2 items) of the second
 * quarter's. The first quarter is the warm-up into steady state and is not compared.
 */
export function judgeProbe(options: {
  items: readonly Timed[];
  failed: number;
  rate: number;
  start: number;
  holdSeconds: number;
}): Verdict {
  const series = backlogSeries(options.items, options.start, options.holdSeconds);
  const quarter = Math.max(1, Math.floor(series.length / 4));
  const backlogEarly = meanOf(series.slice(quarter, 2 * quarter));
  const backlogLate = meanOf(series.slice(series.length - quarter));
  const tolerance = Math.max(2, options.rate * 0.5);
  const undone = options.items.filter((item) => item.doneAt === null).length;
  const reason =
    options.failed > 0
      ? `${options.failed} not accepted`
      : undone > 0
        ? `${undone} not done within the drain time`
        : backlogLate > backlogEarly + tolerance
          ? `backlog grew from ${backlogEarly.toFixed(1)} to ${backlogLate.toFixed(1)}`
          : null;
  return { isSustained: reason === null, backlogEarly, backlogLate, reason };
}

/**
 * The highest sustained rate, to `resolution`: doubles from `start` until a rate fails (or
 * `max` holds), halves until one holds, then bisects between the last rate that held and
 * the first that did not. Returns null when not even `resolution` holds.
 */
export function* bisectRates(options: {
  start: number;
  max: number;
  resolution: number;
}): Generator<number, { sustained: number | null }, boolean> {
  let low: number | null = null;
  let high: number | null = null;
  let rate = options.start;
  for (;;) {
    const isSustained: boolean = yield rate;
    if (isSustained) low = rate;
    else high = rate;
    if (low === null) {
      if (rate <= options.resolution) return { sustained: null };
      rate = Math.max(options.resolution, Math.floor(rate / 2));
      continue;
    }
    if (high === null) {
      if (rate >= options.max) return { sustained: low };
      rate = Math.min(options.max, rate * 2);
      continue;
    }
    if (high - low <= options.resolution) return { sustained: low };
    rate = Math.round((low + high) / 2);
  }
}
