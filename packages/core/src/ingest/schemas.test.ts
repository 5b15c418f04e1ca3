// Unit tests for payload parsing, key extraction and clock-skew correction (no I/O).
import { describe, expect, it } from "vitest";
import { readApiKeyFromHeader } from "./auth";
import { toIngestIssues } from "./errors";
import { resolveTimestamp } from "./ingest";
import { ZIdentifyPayloadSchema, ZTrackPayloadSchema } from "./schemas";

describe("ZTrackPayloadSchema", () => {
  it("accepts what Segment libraries send: numeric ids, null bags, extra fields", () => {
    const parsed = ZTrackPayloadSchema.parse({
      type: "track",
      userId: 42,
      anonymousId: null,
      event: "  signed_up ",
      properties: null,
      integrations: { All: true },
      _metadata: { bundled: [] },
      timestamp: "2024-05-01T12:00:00.000+02:00",
    });
    expect(parsed).toMatchObject({
      userId: "42",
      anonymousId: undefined,
      event: "signed_up",
      properties: {},
      context: {},
      traits: {},
    });
  });

  it("treats an empty userId as missing", () => {
    const result = ZTrackPayloadSchema.safeParse({ userId: "", event: "x" });
    expect(result.success).toBe(false);
    expect(toIngestIssues(result.error!)).toEqual([
      { path: "userId", message: "userId or anonymousId is required" },
      { path: "anonymousId", message: "userId or anonymousId is required" },
    ]);
  });

  it("names nested and type problems by path", () => {
    const result = ZTrackPayloadSchema.safeParse({
      anonymousId: "a",
      event: 5,
      context: "web",
      sentAt: "2024-05-01",
      messageId: "",
    });
    expect(
      toIngestIssues(result.error!)
        .map((issue) => issue.path)
        .sort(),
    ).toEqual(["context", "event", "messageId", "sentAt"]);
  });

  it("reports a non-object body at the body path", () => {
    const result = ZIdentifyPayloadSchema.safeParse([1]);
    expect(toIngestIssues(result.error!)[0]?.path).toBe("body");
  });
});

describe("readApiKeyFromHeader", () => {
  const basic = (value: string) => `Basic ${Buffer.from(value).toString("base64")}`;
  it("reads Basic (key as user name, with or without the colon) and Bearer", () => {
    expect(readApiKeyFromHeader(basic("ms_wk_abc:"))).toBe("ms_wk_abc");
    expect(readApiKeyFromHeader(basic("ms_wk_abc"))).toBe("ms_wk_abc");
    expect(readApiKeyFromHeader("bearer ms_sk_xyz")).toBe("ms_sk_xyz");
  });
  it("returns null for anything else", () => {
    expect(readApiKeyFromHeader(null)).toBeNull();
    expect(readApiKeyFromHeader("Bearer")).toBeNull();
    expect(readApiKeyFromHeader(basic(":password-only"))).toBeNull();
    expect(readApiKeyFromHeader("Digest abc")).toBeNull();
  });
});

describe("resolveTimestamp", () => {
  const receivedAt = new Date("2024-05-01T12:00:00.000Z");
  it("uses receivedAt when the client sent no timestamp", () => {
    expect(resolveTimestamp({}, receivedAt)).toEqual(receivedAt);
  });
  it("keeps the timestamp as sent without sentAt", () => {
    expect(resolveTimestamp({ timestamp: "2024-04-30T00:00:00.000Z" }, receivedAt).toISOString()).toBe(
      "2024-04-30T00:00:00.000Z",
    );
  });
  it("anchors the device's timestamp→sentAt gap to receivedAt", () => {
    const resolved = resolveTimestamp(
      { timestamp: "1999-01-01T00:00:00.000Z", sentAt: "1999-01-01T00:01:00.000Z" },
      receivedAt,
    );
    expect(resolved.toISOString()).toBe("2024-05-01T11:59:00.000Z");
  });
});
