// The Wilson score interval for a rate: what the experiments panel shows beside each arm's
// estimate. Unlike a Bayesian credible interval (whose prior pulls 0/5 up to "0.4%–46%") it
// always contains the observed rate, reaches 0 at no successes and 1 at all successes, and
// stays inside [0, 1] for small samples where the normal approximation does not.

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface RateInterval {
  low: number;
  high: number;
}

export function wilsonInterval(successes: number, trials: number, z = Z_95): RateInterval {
  if (!Number.isInteger(trials) || trials < 0 || !Number.isInteger(successes) || successes < 0 || successes > trials)
    throw new Error(`wilsonInterval: ${successes} successes of ${trials} trials is not a count`);
  // No trials says nothing: the whole range.
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const scale = 1 + z2 / trials;
  // Clamped to the estimate: rounding must never put p outside its own interval (0/n, n/n).
  return {
    low: successes === 0 ? 0 : Math.min(p, (centre - spread) / scale),
    high: successes === trials ? 1 : Math.max(p, (centre + spread) / scale),
  };
}
