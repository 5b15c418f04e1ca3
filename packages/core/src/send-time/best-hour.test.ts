// The best-hour rule on its own: weights, recency, the minimum, zones and DST.
import { describe, expect, test } from "vitest";
import { computeBestHour, engagementWeight, HALF_LIFE_MS, localHour, type Engagement } from "./best-hour";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const best = (engagements: Engagement[], minEngagements = 3) =>
  computeBestHour(engagements, { now: NOW, minEngagements });

describe("computeBestHour", () => {
  test("too few engagements give no hour, but still count them", () => {
    const result = best([
      { kind: "opened", at: at("2026-11-30T09:10:00Z"), timeZone: "UTC" },
      { kind: "clicked", at: at("2026-11-29T09:20:00Z"), timeZone: "UTC" },
    ]);
    expect(result).toMatchObject({ hour: null, opens: 1, clicks: 1 });
    expect(result.histogram[9]).toBe(2);
  });

  test("a click outweighs an open at the same age", () => {
    expect(engagementWeight("clicked", 0)).toBe(2 * engagementWeight("opened", 0));
    const result = best([
      { kind: "opened", at: at("2026-11-30T08:00:00Z"), timeZone: "UTC" },
      { kind: "clicked", at: at("2026-11-30T20:00:00Z"), timeZone: "UTC" },
      { kind: "opened", at: at("2026-11-30T14:00:00Z"), timeZone: "UTC" },
    ]);
    expect(result.hour).toBe(20);
  });

  test("recent habits beat old ones: three opens a year ago lose to two this week", () => {
    expect(engagementWeight("opened", HALF_LIFE_MS)).toBeCloseTo(0.5);
    const old = [1, 2, 3].map((n) => ({ kind: "opened" as const, at: NOW - 300 * DAY - n * DAY, timeZone: "UTC" }));
    const recent = [1, 2].map((n) => ({
      kind: "opened" as const,
      at: at(`2026-11-2${n}T18:30:00Z`),
      timeZone: "UTC",
    }));
    // The old ones sit at 12:00 UTC (NOW's hour); the recent ones at 18:00.
    expect(best([...old, ...recent]).hour).toBe(18);
  });

  test("engagements older than the look-back are not read", () => {
    const ancient = { kind: "clicked" as const, at: NOW - 400 * DAY, timeZone: "UTC" };
    expect(best([ancient, ancient, ancient])).toMatchObject({ hour: null, clicks: 0 });
  });

  test("hours are the contact's wall clock, and an unknown zone reads as UTC", () => {
    const engagements = [0, 1, 2].map((n) => ({
      kind: "opened" as const,
      at: at(`2026-11-2${n}T14:00:00Z`),
      timeZone: "Asia/Tokyo",
    }));
    expect(best(engagements).hour).toBe(23); // 14:00 UTC is 23:00 in Tokyo
    expect(best(engagements.map((e) => ({ ...e, timeZone: "Mars/Olympus" }))).hour).toBe(14);
  });

  test("across a DST change the habit stays at the same local hour", () => {
    // 08:00 in Paris is 06:00 UTC in summer and 07:00 UTC in winter.
    const engagements: Engagement[] = [
      { kind: "opened", at: at("2026-10-20T06:00:00Z"), timeZone: "Europe/Paris" },
      { kind: "opened", at: at("2026-10-22T06:00:00Z"), timeZone: "Europe/Paris" },
      { kind: "opened", at: at("2026-11-03T07:00:00Z"), timeZone: "Europe/Paris" },
      { kind: "opened", at: at("2026-11-05T07:00:00Z"), timeZone: "Europe/Paris" },
    ];
    const result = best(engagements);
    expect(result.hour).toBe(8);
    expect(result.histogram[8]).toBe(4);
    expect(localHour(at("2026-03-29T01:30:00Z"), "Europe/Paris")).toBe(3); // just after spring-forward
  });

  test("neighbouring hours share credit, and ties go to the earlier hour", () => {
    const spread: Engagement[] = [
      { kind: "opened", at: at("2026-11-30T07:00:00Z"), timeZone: "UTC" },
      { kind: "opened", at: at("2026-11-30T08:00:00Z"), timeZone: "UTC" },
      { kind: "opened", at: at("2026-11-30T09:00:00Z"), timeZone: "UTC" },
      { kind: "opened", at: at("2026-11-29T08:00:00Z"), timeZone: "UTC" },
      { kind: "opened", at: at("2026-11-30T21:00:00Z"), timeZone: "UTC" },
      { kind: "opened", at: at("2026-11-30T21:30:00Z"), timeZone: "UTC" },
    ];
    // 21:00 and 08:00 hold two each, but 08:00 also has 07:00 and 09:00 beside it.
    expect(best(spread).hour).toBe(8);
    // Equal weight (events stamped after `now` count as new) at 05:00 and 17:00.
    const tie: Engagement[] = [
      { kind: "opened", at: at("2026-12-02T05:00:00Z"), timeZone: "UTC" },
      { kind: "opened", at: at("2026-12-02T17:00:00Z"), timeZone: "UTC" },
      { kind: "opened", at: at("2026-12-02T05:00:00Z"), timeZone: "UTC" },
      { kind: "opened", at: at("2026-12-02T17:00:00Z"), timeZone: "UTC" },
    ];
    expect(best(tie).hour).toBe(5);
  });
});
