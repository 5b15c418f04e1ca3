// The custom range a person types: applied only when valid, each error naming the field.
import { describe, expect, it } from "vitest";
import { parseCustomRange } from "./custom-range";

describe("parseCustomRange", () => {
  it("accepts from/to, an open end or an open start", () => {
    expect(parseCustomRange("2026-01-01T10:00", "2026-01-02T10:00")).toEqual({
      from: new Date("2026-01-01T10:00"),
      to: new Date("2026-01-02T10:00"),
    });
    expect(parseCustomRange("2026-01-01T10:00", "")).toEqual({ from: new Date("2026-01-01T10:00"), to: null });
    expect(parseCustomRange("", "2026-01-01T10:00")).toEqual({ from: null, to: new Date("2026-01-01T10:00") });
  });
  it("names the field that is wrong", () => {
    expect(parseCustomRange("", "")).toEqual({ error: "From: enter a start, an end, or both" });
    expect(parseCustomRange("2026-01-02T10:00", "2026-01-01T10:00")).toEqual({ error: "To must be later than From" });
    expect(parseCustomRange("yesterday", "")).toEqual({ error: "From is not a valid date and time" });
    expect(parseCustomRange("", "soon")).toEqual({ error: "To is not a valid date and time" });
  });
});
