// The tRPC wire format (no I/O): keys superjson refuses survive a round trip, Dates stay
// Dates, and an escaped key can never be confused with a real one.
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { transformer } from "./transformer";

function roundTrip(value: unknown): unknown {
  return transformer.deserialize(JSON.parse(JSON.stringify(transformer.serialize(value))));
}

describe("transformer", () => {
  it("carries constructor and prototype keys that plain superjson refuses", () => {
    const event = { properties: { constructor: { prototype: 1 }, toString: "x" }, at: new Date(0) };
    expect(() => superjson.serialize(event)).toThrow(/constructor/);
    const back = roundTrip(event) as typeof event;
    expect(back).toEqual(event);
    expect(back.at).toBeInstanceOf(Date);
  });

  it("keeps an own __proto__ key as data, never as a prototype", () => {
    const value = JSON.parse('{"traits":{"__proto__":{"isAdmin":true}}}') as { traits: Record<string, unknown> };
    const back = roundTrip(value) as { traits: Record<string, unknown> };
    expect(Object.keys(back.traits)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(back.traits)).toBe(Object.prototype);
    expect((back.traits as { isAdmin?: unknown }).isAdmin).toBeUndefined();
  });

  it("is a bijection on keys: a key that already starts with NUL comes back unchanged", () => {
    const value = { "\u0000constructor": 1, constructor: 2, "\u0000x": 3 };
    expect(roundTrip(value)).toEqual(value);
  });

  it("leaves an answer without such keys untouched (same object in, plain superjson out)", () => {
    const value = { a: [1, { b: "c" }] };
    expect(transformer.serialize(value)).toEqual(superjson.serialize(value));
  });
});

describe("transformer.deserialize of foreign input", () => {
  it("keeps an own __proto__ key a hostile client sends raw, so the edge check can refuse it", () => {
    const payload = JSON.parse('{"json":{"properties":{"__proto__":{"polluted":true}}}}') as Parameters<
      typeof transformer.deserialize
    >[0];
    const input = transformer.deserialize<{ properties: object }>(payload);
    expect(Object.keys(input.properties)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(input.properties)).toBe(Object.prototype);
  });
});
