import { describe, expect, it } from "vitest";
import { formatFilterValue, parseFilterValue } from "./filter-value";

describe("parseFilterValue", () => {
  it("reads numbers and booleans as such, other text as text", () => {
    expect(parseFilterValue("42", "eq")).toBe(42);
    expect(parseFilterValue("-1.5", "gt")).toBe(-1.5);
    expect(parseFilterValue("true", "eq")).toBe(true);
    expect(parseFilterValue(" pro ", "eq")).toBe("pro");
  });

  it("keeps quoted values and everything under contains as text", () => {
    expect(parseFilterValue('"42"', "eq")).toBe("42");
    expect(parseFilterValue("42", "contains")).toBe("42");
  });

  it("drops the value for operators that take none, and for empty input", () => {
    expect(parseFilterValue("x", "exists")).toBeUndefined();
    expect(parseFilterValue("   ", "eq")).toBeUndefined();
  });

  it("formats so that parsing gives the value back", () => {
    for (const value of ["pro", "42", "true", 42, false]) {
      expect(parseFilterValue(formatFilterValue(value), "eq")).toBe(value);
    }
  });
});
