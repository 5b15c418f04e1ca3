// patches.ts is the one list of patch ids: every `patched()` in the workflow code names one of
// its constants, and every listed id is still asked somewhere (or was deprecated and removed).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as patches from "./patches";

const SRC = path.dirname(fileURLToPath(import.meta.url));

function workflowSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "histories" ? [] : workflowSources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && entry.name !== "patches.ts" ? [full] : [];
  });
}

describe("patches", () => {
  const calls = workflowSources(SRC).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/\bpatched\(([^)]*)\)/g)].map((match) => ({
      file: path.relative(SRC, file),
      arg: match[1],
    })),
  );

  it("every patched() call takes its id from patches.ts", () => {
    const names = Object.keys(patches).filter((name) => name.endsWith("_PATCH"));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(names, `${call.file}: patched(${call.arg})`).toContain(call.arg);
  });

  it("lists each id once, with a date and a reason, and each is asked", () => {
    const ids = patches.PATCHES.map((patch) => patch.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const patch of patches.PATCHES) {
      expect(patch.since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(patch.reason.length).toBeGreaterThan(0);
    }
    const asked = new Set(calls.map((call) => patches[call.arg as keyof typeof patches]));
    expect([...asked].sort()).toEqual([...ids].sort());
  });
});
