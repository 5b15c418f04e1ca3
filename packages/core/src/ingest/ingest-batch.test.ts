// Pure tests of the batch validator's size bound: it must never be below the exact size, or
// an event over 32 KB could slip through without being measured.
import { describe, expect, it } from "vitest";
import { jsonBytesUpperBound, normalizeBatch } from "./ingest-batch";
import { IngestValidationError } from "./errors";
import { MAX_EVENT_BYTES } from "./schemas";

const exact = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

describe("jsonBytesUpperBound", () => {
  it("is at least the exact UTF-8 size for escapes, non-ASCII, astral characters, numbers and nesting", () => {
    const samples: unknown[] = [
      "",
      "plain",
      '"quoted" \\ back',
      "\u0000\u0001\u001f control",
      "é ü 日本語",
      "😀 astral",
      "\ud800 lone surrogate",
      -1.2345678901234567e-308,
      1e21,
      Number.MAX_SAFE_INTEGER,
      true,
      false,
      null,
      [],
      {},
      [1, [2, [3, { a: "b" }]]],
      { 'ké"y': { nested: ["x", 1, null, { deep: "😀".repeat(50) }] } },
      JSON.parse('{"__proto__": {"x": 1}, "a": [1e400]}'),
    ];
    for (const value of samples)
      expect(jsonBytesUpperBound(value, Number.POSITIVE_INFINITY)).toBeGreaterThanOrEqual(exact(value));
  });

  it("stops counting past the budget but still reports more than the budget", () => {
    expect(jsonBytesUpperBound({ a: "x".repeat(10_000), b: "y".repeat(10_000) }, 1000)).toBeGreaterThan(1000);
  });
});

describe("normalizeBatch size limit", () => {
  const ws = "00000000-0000-4000-8000-000000000000";
  it("names the exact size of an event over 32 KB and accepts one just under it", () => {
    // 6 000 '"' characters: the bound (×6) passes 32 KB, the exact size (×2 escaped) does not.
    const under = { type: "track", userId: "u", event: "e", properties: { q: '"'.repeat(6_000) } };
    expect(normalizeBatch(ws, { batch: [under] })).toHaveLength(1);
    const over = { type: "track", userId: "u", event: "e", properties: { x: "é".repeat(17_000) } };
    try {
      normalizeBatch(ws, { batch: [under, over] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IngestValidationError);
      expect((error as IngestValidationError).issues).toEqual([
        {
          path: "batch.1",
          message: `the event is ${exact(over)} bytes; the limit is ${MAX_EVENT_BYTES} bytes (32 KB) per event`,
        },
      ]);
    }
  });
});
