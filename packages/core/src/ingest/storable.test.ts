// Unit tests for the edge check of what can be stored (no I/O): each rule, its path, and
// that a hostile nest costs a loop, not a stack overflow.
import { describe, expect, it } from "vitest";
import { childPath, findUnstorable, isStorableDate, MAX_ISSUES_PER_VALUE, MAX_NESTING, textProblem } from "./storable";

function nest(levels: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe("findUnstorable", () => {
  it("accepts ordinary JSON, emoji, RTL text, constructor/toString keys and valid Dates", () => {
    const event = {
      event: "signed_up 🎉",
      properties: {
        constructor: 1,
        toString: "x",
        prototype: [1, -0, 1e300],
        "": null,
        "a.b": "\u202eabc",
        d: new Date(),
      },
    };
    expect(findUnstorable(event)).toEqual([]);
  });

  it("names a NUL in a value or a key, a lone surrogate either way round, and __proto__", () => {
    const issues = findUnstorable(
      JSON.parse('{"properties":{"a":"x\\u0000","b\\u0000":1,"c":["\\ud800"],"d":"\\udc00x","__proto__":{}}}'),
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      "properties.a",
      'properties["b\\u0000"]',
      "properties.c.0",
      "properties.d",
      "properties.__proto__",
    ]);
    expect(issues[0]!.message).toMatch(/NUL/);
    expect(issues[2]!.message).toMatch(/surrogate/);
    expect(issues[4]!.message).toMatch(/__proto__ is not allowed/);
  });

  it("keeps a valid surrogate pair", () => {
    expect(textProblem("😀")).toBeNull();
  });

  it(`allows ${MAX_NESTING} levels and names the first container past them`, () => {
    expect(findUnstorable(nest(MAX_NESTING))).toEqual([]);
    const [issue] = findUnstorable(nest(MAX_NESTING + 1));
    expect(issue).toMatchObject({ message: expect.stringMatching(/deeper than 64/) });
    expect(issue!.path.split(".")).toHaveLength(MAX_NESTING);
  });

  it("walks a nest 200,000 deep without recursion", () => {
    let value: unknown = 1;
    for (let i = 0; i < 200_000; i++) value = [value];
    expect(findUnstorable(value)).toHaveLength(1);
  });

  it("refuses non-JSON values a superjson input can carry, and non-finite numbers", () => {
    const issues = findUnstorable({ a: 10n, b: new Map(), c: Number.POSITIVE_INFINITY, d: new Date(Number.NaN) });
    expect(issues.map((issue) => issue.path)).toEqual(["a", "b", "c", "d"]);
  });

  it(`stops after ${MAX_ISSUES_PER_VALUE} issues`, () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "\u0000"]));
    expect(findUnstorable(many)).toHaveLength(MAX_ISSUES_PER_VALUE);
  });
});

describe("childPath and isStorableDate", () => {
  it("quotes keys that would read ambiguously and cuts long ones", () => {
    expect(childPath("properties", "plan")).toBe("properties.plan");
    expect(childPath("properties", "a.b")).toBe('properties["a.b"]');
    expect(childPath("properties", "")).toBe('properties[""]');
    expect(childPath("", 3)).toBe("3");
    expect(childPath("p", "x".repeat(500)).length).toBeLessThan(80);
  });

  it("holds years 1 to 9999", () => {
    expect(isStorableDate(new Date("0001-01-01T00:00:00Z"))).toBe(true);
    expect(isStorableDate(new Date("9999-12-31T23:59:59.999Z"))).toBe(true);
    expect(isStorableDate(new Date("0000-12-31T23:59:59.999Z"))).toBe(false);
    expect(isStorableDate(new Date(Date.parse("9999-12-31T23:59:59.999Z") + 1))).toBe(false);
  });
});
