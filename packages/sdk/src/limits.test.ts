// Pure tests of the client's limit arithmetic.
import { describe, expect, it } from "vitest";
import { BATCH_ENVELOPE_BYTES, byteSize, retryAfterMs } from "./limits";

describe("retryAfterMs", () => {
  it("reads delta-seconds and HTTP dates, and ignores what it cannot read", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(" 0 ")).toBe(0);
    const now = Date.parse("2024-05-01T12:00:00Z");
    expect(retryAfterMs("Wed, 01 May 2024 12:00:05 GMT", now)).toBe(5000);
    expect(retryAfterMs("Wed, 01 May 2024 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon")).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});

describe("byte sizes", () => {
  it("measures UTF-8 JSON like the server, and the envelope of a batch body", () => {
    expect(byteSize({ a: "é" })).toBe(10);
    expect(Buffer.byteLength(JSON.stringify({ batch: [], sentAt: new Date().toISOString() }))).toBe(
      BATCH_ENVELOPE_BYTES,
    );
  });
});
