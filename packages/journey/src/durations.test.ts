import { describe, expect, it } from "vitest";
import { durationToMs, formatDuration, formatDurationMs } from "./durations";

describe("durations", () => {
  it("converts each unit to milliseconds", () => {
    expect(durationToMs({ amount: 30, unit: "seconds" })).toBe(30_000);
    expect(durationToMs({ amount: 1, unit: "minutes" })).toBe(60_000);
    expect(durationToMs({ amount: 2, unit: "hours" })).toBe(7_200_000);
    expect(durationToMs({ amount: 3, unit: "days" })).toBe(259_200_000);
    expect(durationToMs({ amount: 1.5, unit: "hours" })).toBe(5_400_000);
  });

  it("formats with singular and plural units", () => {
    expect(formatDuration({ amount: 1, unit: "minutes" })).toBe("1 minute");
    expect(formatDuration({ amount: 3, unit: "days" })).toBe("3 days");
    expect(formatDuration({ amount: 1.5, unit: "hours" })).toBe("1.5 hours");
  });

  it("formats plan milliseconds in the largest exact unit", () => {
    expect(formatDurationMs(60_000)).toBe("1 minute");
    expect(formatDurationMs(90_000)).toBe("90 seconds");
    expect(formatDurationMs(172_800_000)).toBe("2 days");
    expect(formatDurationMs(1_500)).toBe("1500 milliseconds");
  });
});
