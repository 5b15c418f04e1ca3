import { describe, expect, it } from "vitest";
import { isValidTimeZone, nextTimeOfDay, parseTimeOfDay } from "./time-of-day";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("nextTimeOfDay", () => {
  it("picks later today, else tomorrow, in UTC", () => {
    expect(iso(nextTimeOfDay(at("2026-03-02T08:00:00Z"), "09:30", [], "UTC"))).toBe("2026-03-02T09:30:00.000Z");
    expect(iso(nextTimeOfDay(at("2026-03-02T10:00:00Z"), "09:30", [], "UTC"))).toBe("2026-03-03T09:30:00.000Z");
    // Exactly at the time counts as passed: the wait is for the next occurrence.
    expect(iso(nextTimeOfDay(at("2026-03-02T09:30:00Z"), "09:30", [], "UTC"))).toBe("2026-03-03T09:30:00.000Z");
  });

  it("honours weekdays (2026-03-02 is a Monday)", () => {
    expect(iso(nextTimeOfDay(at("2026-03-02T10:00:00Z"), "09:00", ["mon"], "UTC"))).toBe("2026-03-09T09:00:00.000Z");
    expect(iso(nextTimeOfDay(at("2026-03-02T10:00:00Z"), "09:00", ["sat", "sun"], "UTC"))).toBe(
      "2026-03-07T09:00:00.000Z",
    );
  });

  it("uses the zone's wall clock, across the spring-forward DST change", () => {
    // New York springs forward on 2026-03-08: EST (-5) before, EDT (-4) after.
    expect(iso(nextTimeOfDay(at("2026-03-07T20:00:00Z"), "09:00", [], "America/New_York"))).toBe(
      "2026-03-08T13:00:00.000Z",
    );
    expect(iso(nextTimeOfDay(at("2026-03-06T20:00:00Z"), "09:00", [], "America/New_York"))).toBe(
      "2026-03-07T14:00:00.000Z",
    );
    // 02:30 does not exist that day: it resolves after the jump.
    expect(iso(nextTimeOfDay(at("2026-03-08T05:00:00Z"), "02:30", [], "America/New_York"))).toBe(
      "2026-03-08T07:30:00.000Z",
    );
  });

  it("across the fall-back change picks the first 01:30", () => {
    // Paris falls back on 2026-10-25 at 03:00 CEST → 02:00 CET; New York on 2026-11-01.
    expect(iso(nextTimeOfDay(at("2026-10-24T12:00:00Z"), "09:00", [], "Europe/Paris"))).toBe(
      "2026-10-25T08:00:00.000Z",
    );
    expect(iso(nextTimeOfDay(at("2026-10-23T12:00:00Z"), "09:00", [], "Europe/Paris"))).toBe(
      "2026-10-24T07:00:00.000Z",
    );
    expect(iso(nextTimeOfDay(at("2026-11-01T04:00:00Z"), "01:30", [], "America/New_York"))).toBe(
      "2026-11-01T05:30:00.000Z",
    );
  });

  it("rejects malformed times and unknown zones", () => {
    expect(parseTimeOfDay("9:30")).toBeNull();
    expect(parseTimeOfDay("24:00")).toBeNull();
    expect(parseTimeOfDay("23:59")).toEqual({ hour: 23, minute: 59 });
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("Asia/Tokyo")).toBe(true);
    expect(() => nextTimeOfDay(0, "09:00", [], "Mars/Olympus")).toThrow(/time zone/);
  });
});
