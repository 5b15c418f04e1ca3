// Bayesian Beta-Binomial comparison of experiment arms. Each arm's rate gets a Beta(1+x, 1+n-x)
// posterior (uniform prior); Monte Carlo draws with a seeded RNG give the probability each
// arm is best, 95% credible intervals and the lift over a control. These describe the data;
// they do not decide winners: P(best) ≥ 95% checked continuously declares a winner between
// equal arms far more often than 5% (sequential.test.ts), so decisions use sequential.ts.

export interface ArmTrials {
  id: string;
  successes: number;
  trials: number;
}

export interface ArmPosterior {
  id: string;
  rate: number;
  /** 95% credible interval of the rate. */
  low: number;
  high: number;
  probabilityBest: number;
}

/** mulberry32: tiny, fast and deterministic for a given seed (results repeat exactly). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sampleNormal(rng: () => number): number {
  // Box-Muller; 1 - u keeps log away from 0.
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Marsaglia-Tsang gamma sampler; shapes here are always >= 1 (uniform prior). */
function sampleGamma(shape: number, rng: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampleBeta(alpha: number, beta: number, rng: () => number): number {
  const x = sampleGamma(alpha, rng);
  return x / (x + sampleGamma(beta, rng));
}

function quantile(sorted: Float64Array, q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[index] ?? 0;
}

function assertArm(arm: ArmTrials): void {
  if (!Number.isInteger(arm.trials) || arm.trials < 0 || !Number.isInteger(arm.successes) || arm.successes < 0)
    throw new Error(`arm ${arm.id}: successes and trials must be non-negative integers`);
  if (arm.successes > arm.trials)
    throw new Error(`arm ${arm.id}: ${arm.successes} successes exceed ${arm.trials} trials`);
}

export interface PosteriorSummary {
  arms: ArmPosterior[];
  /** Probability that arm `id` beats `controlId` (when given), per arm. */
  probabilityBeatsControl: Record<string, number>;
}

export function comparePosteriors(
  arms: readonly ArmTrials[],
  options: { draws?: number; seed?: number; controlId?: string } = {},
): PosteriorSummary {
  arms.forEach(assertArm);
  const draws = options.draws ?? 20_000;
  const rng = createRng(options.seed ?? 1);
  const samples = arms.map(() => new Float64Array(draws));
  const wins = arms.map(() => 0);
  const controlIndex = options.controlId ? arms.findIndex((arm) => arm.id === options.controlId) : -1;
  const beats = arms.map(() => 0);
  for (let i = 0; i < draws; i++) {
    let best = -1;
    let bestValue = -1;
    arms.forEach((arm, a) => {
      const value = sampleBeta(1 + arm.successes, 1 + arm.trials - arm.successes, rng);
      (samples[a] as Float64Array)[i] = value;
      if (value > bestValue) {
        bestValue = value;
        best = a;
      }
    });
    if (best >= 0) wins[best] = (wins[best] ?? 0) + 1;
    if (controlIndex >= 0) {
      const control = (samples[controlIndex] as Float64Array)[i] ?? 0;
      samples.forEach((s, a) => {
        if ((s[i] ?? 0) > control) beats[a] = (beats[a] ?? 0) + 1;
      });
    }
  }
  const summary: PosteriorSummary = { arms: [], probabilityBeatsControl: {} };
  arms.forEach((arm, a) => {
    const sorted = (samples[a] as Float64Array).slice().sort();
    summary.arms.push({
      id: arm.id,
      rate: arm.trials > 0 ? arm.successes / arm.trials : 0,
      low: quantile(sorted, 0.025),
      high: quantile(sorted, 0.975),
      probabilityBest: (wins[a] ?? 0) / draws,
    });
    if (controlIndex >= 0 && a !== controlIndex) summary.probabilityBeatsControl[arm.id] = (beats[a] ?? 0) / draws;
  });
  return summary;
}
