import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";
import { slugOf, slugsFor } from "./file-set";

describe("file names and bytes", () => {
  it("slugs names for file names, distinct and decided in name order", () => {
    expect(slugOf("Welcome series — Día 1!")).toBe("welcome-series-dia-1");
    expect(slugOf("!!!")).toBe("untitled");
    expect([...slugsFor(["Cart b", "cart B", "Cart-B"])]).toEqual([
      ["Cart b", "cart-b"],
      ["Cart-B", "cart-b-2"],
      ["cart B", "cart-b-3"],
    ]);
  });

  it("keeps a __proto__ key as data, as JSON.parse read it", () => {
    const parsed: unknown = JSON.parse('{"b":1,"__proto__":{"x":1}}');
    expect(canonicalJson(parsed)).toBe('{\n  "__proto__": {\n    "x": 1\n  },\n  "b": 1\n}\n');
  });

  it("writes keys sorted at every depth, arrays in order, undefined left out", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{\n  "a": {\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });
});
