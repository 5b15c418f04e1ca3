import { describe, expect, it } from "vitest";
import { ANY_CASE_CASES } from "./any-case-cases";
import { matchesFilter, matchesFilters, readPath } from "./filters";
import type { PropertyFilter } from "./schema";

const event = {
  event: "signed_up",
  properties: {
    plan: "pro",
    seats: 5,
    trial: true,
    tags: ["beta", "eu"],
    nested: { source: "ads" },
    price: "19.5",
    nothing: null,
  },
  traits: { email: "ada@example.test" },
  timestamp: "2025-03-01T10:00:00Z",
};

const f = (path: string, op: PropertyFilter["op"], value?: PropertyFilter["value"]): PropertyFilter =>
  value === undefined ? { path, op } : { path, op, value };

describe("readPath", () => {
  it("follows dot paths through objects and arrays", () => {
    expect(readPath(event, "properties.nested.source")).toBe("ads");
    expect(readPath(event, "properties.tags.1")).toBe("eu");
    expect(readPath(event, "properties.missing.deeper")).toBeUndefined();
  });

  it("never reads inherited properties", () => {
    expect(readPath(event, "constructor")).toBeUndefined();
    expect(readPath(event, "properties.__proto__")).toBeUndefined();
    expect(readPath(event, "properties.tags.length")).toBe(2); // own property of arrays
  });
});

describe("matchesFilters", () => {
  it("matches everything with no filters", () => {
    expect(matchesFilters(event, [])).toBe(true);
  });

  it.each<[PropertyFilter, boolean]>([
    [f("properties.plan", "eq", "pro"), true],
    [f("properties.plan", "eq", "free"), false],
    [f("properties.seats", "eq", 5), true],
    [f("properties.seats", "eq", "5"), true],
    [f("properties.trial", "eq", "true"), true],
    [f("properties.missing", "eq", "x"), false],
    [f("properties.nested", "eq", "[object Object]"), false],
    [f("properties.plan", "neq", "free"), true],
    [f("properties.plan", "neq", "pro"), false],
    [f("properties.missing", "neq", "pro"), true],
    [f("properties.plan", "exists"), true],
    [f("properties.nothing", "exists"), false],
    [f("properties.missing", "exists"), false],
    [f("properties.missing", "not_exists"), true],
    [f("properties.nothing", "not_exists"), true],
    [f("properties.plan", "not_exists"), false],
    [f("traits.email", "contains", "@example.test"), true],
    [f("traits.email", "contains", "@other.test"), false],
    [f("properties.tags", "contains", "eu"), true],
    [f("properties.tags", "contains", "us"), false],
    [f("properties.seats", "contains", 5), false],
    [f("properties.seats", "gt", 4), true],
    [f("properties.seats", "gt", 5), false],
    [f("properties.seats", "lt", "10"), true],
    [f("properties.price", "gt", 19), true],
    [f("properties.plan", "gt", 1), false],
    [f("timestamp", "gt", "2025-01-01"), true],
    [f("timestamp", "lt", "2025-01-01"), false],
    [f("properties.missing", "lt", 1), false],
  ])("%o → %s", (filter, expected) => {
    expect(matchesFilters(event, [filter])).toBe(expected);
  });

  it("requires every filter to match", () => {
    expect(matchesFilters(event, [f("properties.plan", "eq", "pro"), f("properties.seats", "gt", 1)])).toBe(true);
    expect(matchesFilters(event, [f("properties.plan", "eq", "pro"), f("properties.seats", "gt", 10)])).toBe(false);
  });
});

describe("any-case operators", () => {
  it.each(ANY_CASE_CASES)("$actual $op $value → $matches", ({ actual, op, value, matches }) => {
    expect(matchesFilter({ properties: { field: actual } }, { path: "properties.field", op, value })).toBe(matches);
  });

  it("contains (any case) finds a list item of any case and misses a missing path", () => {
    expect(matchesFilter(event, f("properties.tags", "contains_any_case", "EU"))).toBe(true);
    expect(matchesFilter(event, f("properties.missing", "contains_any_case", "x"))).toBe(false);
    expect(matchesFilter(event, f("properties.nested", "eq_any_case", "[object object]"))).toBe(false);
  });

  it("leaves the case-sensitive operators as they were", () => {
    expect(matchesFilter(event, f("properties.plan", "eq", "PRO"))).toBe(false);
    expect(matchesFilter(event, f("properties.plan", "contains", "R"))).toBe(false);
  });
});
