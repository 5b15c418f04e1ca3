import { describe, expect, it } from "vitest";
import { comparePosteriors, createRng, sampleBeta } from "./bayes";

describe("comparePosteriors", () => {
  it("gives a clearly better arm nearly all the probability and brackets each rate", () => {
    const result = comparePosteriors([
      { id: "a", successes: 50, trials: 1000 },
      { id: "b", successes: 100, trials: 1000 },
    ]);
    const [a, b] = result.arms;
    expect(b?.probabilityBest).toBeGreaterThan(0.999);
    expect(a?.probabilityBest).toBeLessThan(0.001);
    expect(a?.low).toBeLessThan(0.05);
    expect(a?.high).toBeGreaterThan(0.05);
    expect(b?.low).toBeGreaterThan(0.08);
    expect(b?.high).toBeLessThan(0.125);
  });

  it("splits the probability evenly between identical arms and repeats exactly for a seed", () => {
    const arms = [
      { id: "a", successes: 30, trials: 300 },
      { id: "b", successes: 30, trials: 300 },
    ];
    const first = comparePosteriors(arms, { seed: 7 });
    expect(first.arms[0]?.probabilityBest).toBeCloseTo(0.5, 1);
    expect(comparePosteriors(arms, { seed: 7 })).toEqual(first);
  });

  it("reports the probability of beating the control", () => {
    const result = comparePosteriors(
      [
        { id: "holdout", successes: 10, trials: 200 },
        { id: "a", successes: 40, trials: 200 },
      ],
      { controlId: "holdout" },
    );
    expect(result.probabilityBeatsControl.a).toBeGreaterThan(0.99);
    expect(result.probabilityBeatsControl.holdout).toBeUndefined();
  });

  it("rejects impossible counts with the arm named", () => {
    expect(() => comparePosteriors([{ id: "x", successes: 5, trials: 3 }])).toThrow(/arm x/);
  });

  it("samples Beta with the right mean", () => {
    const rng = createRng(3);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += sampleBeta(3, 7, rng);
    expect(sum / 20_000).toBeCloseTo(0.3, 2);
  });
});
