import { describe, expect, it } from "vitest";
import { isSealed, openSecret, sealSecret, SecretBoxError } from "./secret-box";

const SECRET = "secret-box-test-secret-0123456789";

describe("secret box", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = sealSecret(SECRET, "re_live_password ✓");
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain("re_live_password");
    expect(openSecret(SECRET, sealed)).toBe("re_live_password ✓");
    // A fresh nonce each time: equal plaintexts do not give equal ciphertexts.
    expect(sealSecret(SECRET, "same")).not.toBe(sealSecret(SECRET, "same"));
  });

  it("fails clearly with the wrong secret or a tampered value", () => {
    const sealed = sealSecret(SECRET, "hunter2-hunter2");
    expect(() => openSecret("another-secret-0123456789", sealed)).toThrow(SecretBoxError);
    expect(() => openSecret("another-secret-0123456789", sealed)).toThrow(/MAILSTREAM_SECRET differs/);
    const parts = sealed.split(".");
    const tampered = [parts[0], parts[1], Buffer.from("x").toString("base64url"), parts[3]].join(".");
    expect(() => openSecret(SECRET, tampered)).toThrow(/MAILSTREAM_SECRET differs/);
    expect(() => openSecret(SECRET, "plain-text")).toThrow(/not in the v1 sealed format/);
    expect(() => sealSecret("short", "x")).toThrow(/at least 16 characters/);
  });
});
