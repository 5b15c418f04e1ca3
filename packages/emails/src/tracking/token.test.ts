import { describe, expect, it } from "vitest";
import { buildTrackingUrls, signTrackingToken, verifyTrackingToken } from "./token";

const secret = "test-secret-0123456789abcdef";
const messageId = "7d3f7a8e-1111-4222-8333-444455556666";

describe("tracking tokens", () => {
  it("round-trips each kind", () => {
    for (const payload of [
      { kind: "open", messageId },
      { kind: "unsubscribe", messageId },
      { kind: "unsubscribe", messageId, topicId: "0b9e6c1a-2222-4333-8444-555566667777" },
      { kind: "click", messageId, url: "https://example.test/a?b=1&c=2" },
    ] as const) {
      expect(verifyTrackingToken(secret, signTrackingToken(secret, payload))).toEqual(payload);
    }
  });

  it("rejects tampered, re-signed-with-another-secret and malformed tokens", () => {
    const token = signTrackingToken(secret, { kind: "click", messageId, url: "https://example.test/" });
    const [payload, signature] = token.split(".") as [string, string];
    const evilPayload = Buffer.from(JSON.stringify(["c", messageId, "https://evil.test/"])).toString("base64url");
    expect(verifyTrackingToken(secret, `${evilPayload}.${signature}`)).toBeNull();
    expect(verifyTrackingToken(secret, `${payload}.${signature.slice(0, -2)}`)).toBeNull();
    expect(
      verifyTrackingToken(secret, signTrackingToken("another-secret-0123456789", { kind: "open", messageId })),
    ).toBeNull();
    expect(verifyTrackingToken(secret, "")).toBeNull();
    expect(verifyTrackingToken(secret, "a.b.c")).toBeNull();
    expect(verifyTrackingToken(secret, payload)).toBeNull();
  });

  it("refuses a short secret", () => {
    expect(() => signTrackingToken("short", { kind: "open", messageId })).toThrow(/at least 16/);
  });

  it("builds public URLs under the configured base", () => {
    const urls = buildTrackingUrls("https://mail.example.test/", secret, messageId);
    expect(urls.open).toMatch(/^https:\/\/mail\.example\.test\/t\/o\/[\w-]+\.[\w-]+$/);
    expect(urls.unsubscribe).toMatch(/^https:\/\/mail\.example\.test\/unsubscribe\//);
    const topicUrls = buildTrackingUrls("https://mail.example.test", secret, messageId, "topic-1");
    expect(verifyTrackingToken(secret, topicUrls.unsubscribe.split("/unsubscribe/")[1] as string)).toEqual({
      kind: "unsubscribe",
      messageId,
      topicId: "topic-1",
    });
    const clickToken = urls.click("https://example.test/x").split("/t/c/")[1] as string;
    expect(verifyTrackingToken(secret, clickToken)).toEqual({
      kind: "click",
      messageId,
      url: "https://example.test/x",
    });
  });
});
