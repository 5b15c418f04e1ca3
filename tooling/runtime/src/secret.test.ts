import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateSecret } from "./secret";

describe("loadOrCreateSecret", () => {
  it("generates once, owner-only, and returns the same secret afterwards", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ms-secret-"));
    const first = loadOrCreateSecret(dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadOrCreateSecret(dir)).toBe(first);
    expect(readFileSync(path.join(dir, "secret"), "utf8").trim()).toBe(first);
    expect(statSync(path.join(dir, "secret")).mode & 0o777).toBe(0o600);
  });

  it("refuses a secret file that is too short", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ms-secret-"));
    writeFileSync(path.join(dir, "secret"), "short\n");
    expect(() => loadOrCreateSecret(dir)).toThrow(/fewer than 16 characters/);
  });
});
