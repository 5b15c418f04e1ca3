import { describe, expect, it } from "vitest";
import { catalogueValue, flattenPaths, isPersonalPath } from "./catalogue-rules";

describe("the personal-data rule", () => {
  it.each([
    ["properties.email", true],
    ["properties.customer.billingAddress", true],
    ["client_ip", true],
    ["properties.clientIp", true],
    ["firstName", true],
    ["properties.phone_number", true],
    ["properties.plan", false],
    ["properties.language", false],
    ["properties.membership", false],
    ["tier", false],
  ])("%s → personal: %s", (path, expected) => {
    expect(isPersonalPath(path)).toBe(expected);
  });

  it("keeps short scalars and drops what looks personal or is not a value", () => {
    expect(catalogueValue("Pro")).toBe("Pro");
    expect(catalogueValue(42)).toBe("42");
    expect(catalogueValue(false)).toBe("false");
    expect(catalogueValue("ada@example.test")).toBeNull();
    expect(catalogueValue("+49 170 1234567")).toBeNull();
    expect(catalogueValue("https://example.test/x")).toBeNull();
    expect(catalogueValue("x".repeat(65))).toBeNull();
    expect(catalogueValue({ a: 1 })).toBeNull();
    expect(catalogueValue(Number.NaN)).toBeNull();
  });
});

describe("flattenPaths", () => {
  it("walks objects to three levels, never into arrays or dotted keys", () => {
    const paths = flattenPaths({ a: { b: { c: { d: 1 } } }, list: [{ x: 1 }], "bad.key": 1 }, "properties");
    expect(paths.map((p) => p.path)).toEqual(["properties.a", "properties.a.b", "properties.a.b.c", "properties.list"]);
  });
});
