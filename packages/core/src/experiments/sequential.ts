// The experiment decision rule: an always-valid sequential test, safe to check after every
// contact. For two arms it is the e-value of "same rate" by universal inference (Wasserman,
// Ramdas & Balakrishnan 2020): the numerator is each arm's Beta(1, 1) marginal likelihood
// (a Bayes mixture over the arm's rate), the denominator the likelihood at the pooled
// maximum-likelihood rate. Under "same rate p" the numerator over the true-p likelihood is a
// non-negative martingale with mean 1, and the MLE only makes the denominator larger, so by
// Ville's inequality P(the e-value EVER reaches 1/α) ≤ α — however often anyone looks, with
// any batch sizes or arm weights. A posterior P(best) checked continuously has no such bound.

export interface ArmCounts {
  id: string;
  successes: number;
  trials: number;
}

// Lanczos (g = 7, n = 9): ~15 significant digits for x > 0, enough for counts in the millions.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/** x·log(p) with 0·log(0) = 0. */
const xlogy = (x: number, p: number) => (x === 0 ? 0 : x * Math.log(p));

/** log e-value against "all these arms share one rate" (≥ 0 is no evidence; ln(1/α) rejects at α). */
export function logEValueSameRate(arms: readonly ArmCounts[]): number {
  let mixture = 0;
  let successes = 0;
  let trials = 0;
  for (const arm of arms) {
    if (
      !Number.isInteger(arm.trials) ||
      !Number.isInteger(arm.successes) ||
      arm.successes < 0 ||
      arm.successes > arm.trials
    )
      throw new Error(
        `arm ${arm.id}: successes must be an integer from 0 to trials (got ${arm.successes} of ${arm.trials})`,
      );
    // Beta(1, 1) prior: the marginal likelihood of the arm's sequence is B(1 + x, 1 + n - x) / B(1, 1).
    mixture += logBeta(1 + arm.successes, 1 + arm.trials - arm.successes);
    successes += arm.successes;
    trials += arm.trials;
  }
  if (trials === 0) return 0;
  const pooled = successes / trials;
  return mixture - (xlogy(successes, pooled) + xlogy(trials - successes, 1 - pooled));
}

export interface SequentialDecision {
  /** The arm declared best, or null. */
  winnerId: string | null;
  leaderId: string | null;
  /** The leader's weakest evidence against any other arm (log e-value), and the bar it must clear. */
  logEValue: number;
  logThreshold: number;
  /** Always-valid p-value of the weakest comparison: min(1, 1/e). */
  pValue: number;
  reason: "too_few_arms" | "min_sample" | "not_yet" | "declared";
}

/**
 * Declares the arm with the highest rate best when its e-value against EVERY other arm
 * reaches (K − 1)/α (Bonferroni over the K − 1 comparisons the leader must win). When all
 * arms are equal, declaring anything needs some pairwise e-value to reach that bar, so the
 * chance of ever declaring stays ≤ α whoever the leader turns out to be.
 */
export function decideSequential(
  arms: readonly ArmCounts[],
  options: { confidence: number; minSample: number },
): SequentialDecision {
  const alpha = 1 - options.confidence;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`confidence must be between 0 and 1 (got ${options.confidence})`);
  const logThreshold = Math.log(Math.max(1, arms.length - 1) / alpha);
  const base = { winnerId: null, leaderId: null, logEValue: 0, logThreshold, pValue: 1 };
  if (arms.length < 2) return { ...base, reason: "too_few_arms" };
  // Posterior mean under the same Beta(1, 1) prior: ties and empty arms order sensibly.
  const mean = (arm: ArmCounts) => (arm.successes + 1) / (arm.trials + 2);
  const leader = [...arms].sort((a, b) => mean(b) - mean(a))[0] as ArmCounts;
  const weakest = Math.min(...arms.filter((arm) => arm !== leader).map((other) => logEValueSameRate([leader, other])));
  const decision = { ...base, leaderId: leader.id, logEValue: weakest, pValue: Math.min(1, Math.exp(-weakest)) };
  if (arms.some((arm) => arm.trials < options.minSample)) return { ...decision, reason: "min_sample" };
  if (weakest < logThreshold) return { ...decision, reason: "not_yet" };
  return { ...decision, winnerId: leader.id, reason: "declared" };
}
