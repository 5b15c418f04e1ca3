import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  buildTrackingUrls,
  isFreshForResubscribe,
  RESUBSCRIBE_TOKEN_MAX_AGE_SECONDS,
  signTrackingToken,
  verifyTrackingToken,
} from "./token";

const secret = "test-secret-0123456789abcdef";
const messageId = "7d3f7a8e-1111-4222-8333-444455556666";

describe("tracking tokens", () => {
  it("round-trips each kind", () => {
    for (const payload of [
      { kind: "open", messageId },
      { kind: "unsubscribe", messageId },
      { kind: "unsubscribe", messageId, topicId: "0b9e6c1a-2222-4333-8444-555566667777" },
      { kind: "unsubscribe", messageId, issuedAt: 1_790_000_000 },
      { kind: "unsubscribe", messageId, topicId: "0b9e6c1a-2222-4333-8444-555566667777", issuedAt: 1_790_000_000 },
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

  it("accepts only the canonical signature text: no padding, no stray or re-encoded characters", () => {
    const token = signTrackingToken(secret, { kind: "unsubscribe", messageId, issuedAt: 1_790_000_000 });
    const [payload, signature] = token.split(".") as [string, string];
    expect(verifyTrackingToken(secret, token)).not.toBeNull();
    const bytes = Buffer.from(signature, "base64url");
    const lastChar = signature.at(-1) as string;
    // The last character holds 4 bits of signature and 2 padding bits: flipping those decodes to the same bytes.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sameBytes = alphabet[alphabet.indexOf(lastChar) ^ 1] as string;
    expect(Buffer.from(`${signature.slice(0, -1)}${sameBytes}`, "base64url")).toEqual(bytes);
    for (const variant of [
      `${signature}=`,
      `${signature}==`,
      `${signature.slice(0, -1)}${sameBytes}`,
      `${signature.slice(0, 10)}!${signature.slice(10)}`,
      `${signature.slice(0, 10)} ${signature.slice(10)}`,
      bytes.toString("base64"), // standard alphabet with + / and padding
      ` ${signature}`,
    ]) {
      expect(verifyTrackingToken(secret, `${payload}.${variant}`), variant).toBeNull();
    }
  });

  it("a re-subscribe needs an issue time younger than 30 days; legacy tokens have none", () => {
    const now = new Date("2026-12-06T12:00:00Z");
    const seconds = now.getTime() / 1000;
    expect(isFreshForResubscribe({ issuedAt: seconds - 60 }, now)).toBe(true);
    expect(isFreshForResubscribe({ issuedAt: seconds - RESUBSCRIBE_TOKEN_MAX_AGE_SECONDS + 60 }, now)).toBe(true);
    expect(isFreshForResubscribe({ issuedAt: seconds - RESUBSCRIBE_TOKEN_MAX_AGE_SECONDS }, now)).toBe(false);
    expect(isFreshForResubscribe({}, now)).toBe(false);
    const legacy = verifyTrackingToken(secret, signTrackingToken(secret, { kind: "unsubscribe", messageId }));
    expect(legacy).toEqual({ kind: "unsubscribe", messageId });
    expect(isFreshForResubscribe(legacy as { issuedAt?: number }, now)).toBe(false);
  });

  it("refuses a short secret", () => {
    expect(() => signTrackingToken("short", { kind: "open", messageId })).toThrow(/at least 16/);
  });

  it("builds public URLs under the configured base", () => {
    const now = new Date("2026-12-06T12:00:00Z");
    const urls = buildTrackingUrls("https://mail.example.test/", secret, messageId, null, now);
    expect(urls.open).toMatch(/^https:\/\/mail\.example\.test\/t\/o\/[\w-]+\.[\w-]+$/);
    expect(urls.unsubscribe).toMatch(/^https:\/\/mail\.example\.test\/unsubscribe\//);
    const topicUrls = buildTrackingUrls("https://mail.example.test", secret, messageId, "topic-1", now);
    expect(verifyTrackingToken(secret, topicUrls.unsubscribe.split("/unsubscribe/")[1] as string)).toEqual({
      kind: "unsubscribe",
      messageId,
      topicId: "topic-1",
      issuedAt: now.getTime() / 1000,
    });
    const clickToken = urls.click("https://example.test/x").split("/t/c/")[1] as string;
    expect(verifyTrackingToken(secret, clickToken)).toEqual({
      kind: "click",
      messageId,
      url: "https://example.test/x",
    });
  });
});

describe("the signature", () => {
  it("is HMAC-SHA256 of the payload under the secret's UTF-8 bytes, whichever secret signed last", () => {
    for (const key of [secret, "ünïcødé-secret-😀-0123456789", secret]) {
      const [payload, signature] = signTrackingToken(key, { kind: "open", messageId }).split(".") as [string, string];
      expect(signature).toBe(createHmac("sha256", key).update(payload).digest("base64url"));
    }
  });
});
