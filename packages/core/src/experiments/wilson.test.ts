import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson";

describe("wilsonInterval", () => {
  it("contains its estimate at the edges and in between", () => {
    for (const [x, n] of [
      [0, 5],
      [5, 5],
      [1, 3],
      [0, 1],
      [1, 1],
      [2, 1000],
      [999, 1000],
      [17, 40],
    ] as const) {
      const { low, high } = wilsonInterval(x, n);
      expect(low, `${x}/${n}`).toBeLessThanOrEqual(x / n);
      expect(high, `${x}/${n}`).toBeGreaterThanOrEqual(x / n);
      expect(low).toBeGreaterThanOrEqual(0);
      expect(high).toBeLessThanOrEqual(1);
    }
  });

  it("matches the textbook values", () => {
    // 0/5: [0, 43.4%]; 5/5: [56.6%, 100%]; 1/3: [6.1%, 79.2%]; 50/100: [40.4%, 59.6%].
    expect(wilsonInterval(0, 5)).toEqual({ low: 0, high: expect.closeTo(0.4345, 4) });
    expect(wilsonInterval(5, 5)).toEqual({ low: expect.closeTo(0.5655, 4), high: 1 });
    expect(wilsonInterval(1, 3).low).toBeCloseTo(0.0615, 4);
    expect(wilsonInterval(1, 3).high).toBeCloseTo(0.7923, 4);
    expect(wilsonInterval(50, 100).low).toBeCloseTo(0.4038, 4);
    expect(wilsonInterval(50, 100).high).toBeCloseTo(0.5962, 4);
  });

  it("says nothing without trials and refuses what is not a count", () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(() => wilsonInterval(4, 3)).toThrow(/4 successes of 3 trials/);
    expect(() => wilsonInterval(-1, 3)).toThrow();
    expect(() => wilsonInterval(0.5, 3)).toThrow();
  });
});
