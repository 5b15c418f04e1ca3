// The tier plan: which tier reads which part of a range (pure; the SQL sums are checked
// against the minute tier in packages/core/src/metrics/metrics-rollups.test.ts).
import { describe, expect, it } from "vitest";
import { planTierSegments } from "./metrics-tiers";

const t = (iso: string) => Date.parse(iso);
const show = (segments: ReturnType<typeof planTierSegments>) =>
  segments.map(
    (s) =>
      `${s.tier} ${s.from === null ? "-∞" : new Date(s.from).toISOString().slice(5, 16)} → ${s.to === null ? "∞" : new Date(s.to).toISOString().slice(5, 16)}`,
  );

describe("planTierSegments", () => {
  it("reads all time from the day tier alone", () => {
    expect(show(planTierSegments(null, null, "day"))).toEqual(["day -∞ → ∞"]);
  });

  it("cuts an open range into minute, hour and day parts (from floored to the minute)", () => {
    expect(show(planTierSegments(t("2026-12-03T04:17:42Z"), null, "day"))).toEqual([
      "minute 12-03T04:17 → 12-03T05:00",
      "hour 12-03T05:00 → 12-04T00:00",
      "day 12-04T00:00 → ∞",
    ]);
  });

  it("cuts a closed range at both ends and never goes coarser than asked", () => {
    const from = t("2026-12-01T22:30:00Z");
    const to = t("2026-12-03T01:15:30Z");
    expect(show(planTierSegments(from, to, "day"))).toEqual([
      "minute 12-01T22:30 → 12-01T23:00",
      "hour 12-01T23:00 → 12-02T00:00",
      "day 12-02T00:00 → 12-03T00:00",
      "hour 12-03T00:00 → 12-03T01:00",
      "minute 12-03T01:00 → 12-03T01:15",
    ]);
    expect(show(planTierSegments(from, to, "hour"))).toEqual([
      "minute 12-01T22:30 → 12-01T23:00",
      "hour 12-01T23:00 → 12-03T01:00",
      "minute 12-03T01:00 → 12-03T01:15",
    ]);
    expect(show(planTierSegments(from, to, "minute"))).toEqual(["minute 12-01T22:30 → 12-03T01:15"]);
  });

  it("keeps a range inside one hour on the minute tier, and an empty range empty", () => {
    expect(show(planTierSegments(t("2026-12-03T04:05:00Z"), t("2026-12-03T04:50:00Z"), "day"))).toEqual([
      "minute 12-03T04:05 → 12-03T04:50",
    ]);
    expect(planTierSegments(t("2026-12-03T04:05:00Z"), t("2026-12-03T04:05:00Z"), "day")).toEqual([]);
  });
});
