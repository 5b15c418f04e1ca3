// The spread rules (broadcast-spread.ts): a throttle's batch per call, and a domain limit's window.
import { describe, expect, it } from "vitest";
import { domainWindow, HOUR_MS, throttleBatchSize } from "./broadcast-spread";

describe("throttleBatchSize", () => {
  it("is the rate's share of 5 s, at least one email and at most one batch call", () => {
    expect(throttleBatchSize(10_000)).toBe(13);
    expect(throttleBatchSize(7_200)).toBe(10);
    expect(throttleBatchSize(100)).toBe(1);
    expect(throttleBatchSize(10_000_000)).toBe(100);
    expect(throttleBatchSize(null)).toBeNull();
    expect(throttleBatchSize(0)).toBeNull();
  });
});

describe("domainWindow", () => {
  it("spreads a limit over windows holding its share of 5 s, never above the hourly rate", () => {
    expect(domainWindow(2_000, true)).toEqual({ budget: 2, windowMs: 3_600 });
    expect(domainWindow(3_600, true)).toEqual({ budget: 5, windowMs: 5_000 });
    // Too low for one email in 5 s: one email a window of its share of the hour.
    expect(domainWindow(100, true)).toEqual({ budget: 1, windowMs: 36_000 });
    for (const limit of [1, 7, 100, 2_000, 5_000, 123_457]) {
      const { budget, windowMs } = domainWindow(limit, true);
      expect((budget * HOUR_MS) / windowMs).toBeCloseTo(limit, 6);
    }
  });

  it("before the patch: the whole hour's limit at once", () => {
    expect(domainWindow(5_000, false)).toEqual({ budget: 5_000, windowMs: HOUR_MS });
  });
});
