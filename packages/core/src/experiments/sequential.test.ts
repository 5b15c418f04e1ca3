// The decision rule under continuous peeking, by deterministic seeded simulation: A/A
// experiments checked after every batch of contacts rarely ever declare a winner (at most the
// nominal error), A/B experiments with a real difference do declare the better arm, and a
// naive "P(best) ≥ 95%" rule checked the same way declares far more often than 5%.
import { describe, expect, it } from "vitest";
import { createRng } from "./bayes";
import { decideSequential, logEValueSameRate, logGamma, type ArmCounts } from "./sequential";

interface Scenario {
  rates: number[];
  /** Contacts per batch per arm (weights need not be equal). */
  batch: number[];
  batches: number;
  experiments: number;
  seed: number;
}

/** Runs every experiment, checking after each batch; returns how often each arm was ever declared. */
function simulate(scenario: Scenario, decide: (arms: ArmCounts[]) => string | null) {
  const rng = createRng(scenario.seed);
  const declared = new Map<string, number>();
  for (let e = 0; e < scenario.experiments; e++) {
    const arms: ArmCounts[] = scenario.rates.map((_, i) => ({ id: `arm${i}`, successes: 0, trials: 0 }));
    for (let b = 0; b < scenario.batches; b++) {
      arms.forEach((arm, i) => {
        const n = scenario.batch[i] as number;
        for (let k = 0; k < n; k++) if (rng() < (scenario.rates[i] as number)) arm.successes++;
        arm.trials += n;
      });
      const winner = decide(arms);
      if (winner) {
        declared.set(winner, (declared.get(winner) ?? 0) + 1);
        break;
      }
    }
  }
  const total = [...declared.values()].reduce((s, n) => s + n, 0);
  return { share: total / scenario.experiments, byArm: (id: string) => (declared.get(id) ?? 0) / scenario.experiments };
}

const sequential = (confidence: number, minSample: number) => (arms: ArmCounts[]) =>
  decideSequential(arms, { confidence, minSample }).winnerId;

/** The rule the sequential test replaces: stop when a flat-prior P(B > A) (normal approx.) reaches 95%. */
function naivePosterior(arms: ArmCounts[]): string | null {
  const [a, b] = arms as [ArmCounts, ArmCounts];
  const moments = (arm: ArmCounts) => {
    const alpha = arm.successes + 1;
    const beta = arm.trials - arm.successes + 1;
    return { mean: alpha / (alpha + beta), variance: (alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)) };
  };
  const ma = moments(a);
  const mb = moments(b);
  const z = (mb.mean - ma.mean) / Math.sqrt(ma.variance + mb.variance);
  // |z| ≥ 1.645 ⇔ P(one arm better) ≥ 95%.
  if (a.trials < 100) return null;
  return z >= 1.645 ? b.id : z <= -1.645 ? a.id : null;
}

describe("logGamma and the e-value", () => {
  it("matches known values", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(1e6)).toBeCloseTo(1e6 * Math.log(1e6) - 1e6 - 0.5 * Math.log(1e6) + 0.5 * Math.log(2 * Math.PI), 6);
  });

  it("grows with a real difference and stays low for equal rates", () => {
    expect(
      logEValueSameRate([
        { id: "a", successes: 100, trials: 1000 },
        { id: "b", successes: 100, trials: 1000 },
      ]),
    ).toBeLessThan(0);
    expect(
      logEValueSameRate([
        { id: "a", successes: 100, trials: 1000 },
        { id: "b", successes: 200, trials: 1000 },
      ]),
    ).toBeGreaterThan(Math.log(1e5));
  });

  it("names the problem in bad counts", () => {
    expect(() => logEValueSameRate([{ id: "a", successes: 5, trials: 3 }])).toThrow(
      "arm a: successes must be an integer from 0 to trials (got 5 of 3)",
    );
  });
});

describe("A/A: checked after every batch, the share that ever declares stays at or below the nominal error", () => {
  it("two equal arms, 2000 experiments, 40 looks each, 95% confidence", () => {
    const scenario = { rates: [0.1, 0.1], batch: [50, 50], batches: 40, experiments: 2000, seed: 7 };
    const result = simulate(scenario, sequential(0.95, 100));
    console.log(`A/A 2 arms: ${(result.share * 100).toFixed(2)}% ever declared (nominal 5%)`);
    expect(result.share).toBeLessThanOrEqual(0.05 + 0.01);
    const naive = simulate(scenario, naivePosterior);
    console.log(`A/A 2 arms, naive P(best) ≥ 95% rule: ${(naive.share * 100).toFixed(2)}% ever declared`);
    // Why the guard matters: peeking at a posterior probability inflates the error several-fold.
    expect(naive.share).toBeGreaterThan(0.15);
  });

  it("three equal arms at a low rate with unequal weights, 90% confidence", () => {
    const scenario = { rates: [0.03, 0.03, 0.03], batch: [60, 30, 30], batches: 30, experiments: 1000, seed: 11 };
    const result = simulate(scenario, sequential(0.9, 100));
    console.log(`A/A/A 3 arms: ${(result.share * 100).toFixed(2)}% ever declared (nominal 10%)`);
    expect(result.share).toBeLessThanOrEqual(0.1 + 0.015);
  });
});

describe("A/B: a real difference is declared", () => {
  it("10% vs 15% conversion: the better arm wins in most experiments, the worse almost never", () => {
    const result = simulate(
      { rates: [0.1, 0.15], batch: [100, 100], batches: 40, experiments: 500, seed: 3 },
      sequential(0.95, 100),
    );
    console.log(
      `A/B 10% vs 15%: better arm declared in ${(result.byArm("arm1") * 100).toFixed(1)}%, worse in ${(result.byArm("arm0") * 100).toFixed(2)}%`,
    );
    expect(result.byArm("arm1")).toBeGreaterThanOrEqual(0.9);
    expect(result.byArm("arm0")).toBeLessThanOrEqual(0.005);
  });

  it("waits for the minimum sample per arm, however clear the numbers", () => {
    const arms = [
      { id: "a", successes: 0, trials: 80 },
      { id: "b", successes: 60, trials: 80 },
    ];
    expect(decideSequential(arms, { confidence: 0.95, minSample: 100 })).toMatchObject({
      winnerId: null,
      leaderId: "b",
      reason: "min_sample",
    });
    expect(decideSequential(arms, { confidence: 0.95, minSample: 50 })).toMatchObject({
      winnerId: "b",
      reason: "declared",
    });
  });
});
