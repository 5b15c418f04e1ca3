import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countsFor, readPlaywrightReport, readVitestReport } from "./test-report";

const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-report-test-"));
function write(name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

describe("readVitestReport", () => {
  it("counts passed, failed and skipped tests, and a file that failed to load as one failure", () => {
    const file = write("vitest.json", {
      numPassedTests: 7,
      numFailedTests: 2,
      numPendingTests: 1,
      numTodoTests: 1,
      testResults: [
        { status: "failed", assertionResults: [{ status: "failed" }, { status: "failed" }] },
        { status: "failed", assertionResults: [] },
        { status: "passed", assertionResults: [{ status: "passed" }] },
      ],
    });
    expect(readVitestReport(file)).toEqual({ passed: 7, failed: 3, skipped: 2 });
  });

  it("returns null for a missing or unreadable report", () => {
    expect(readVitestReport(path.join(dir, "absent.json"))).toBeNull();
    expect(readVitestReport(write("broken.json", "{ not json"))).toBeNull();
  });
});

describe("readPlaywrightReport", () => {
  it("counts flaky tests as passed and errors outside tests as failures", () => {
    const file = write("pw.json", {
      stats: { expected: 3, unexpected: 1, flaky: 1, skipped: 2 },
      errors: [{ message: "global setup" }],
    });
    expect(readPlaywrightReport(file)).toEqual({ passed: 4, failed: 2, skipped: 2 });
  });
});

describe("countsFor", () => {
  it("turns a failed runner without failing tests into one failure", () => {
    expect(countsFor(null, false)).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(countsFor({ passed: 5, failed: 0, skipped: 0 }, false)).toEqual({ passed: 5, failed: 1, skipped: 0 });
  });

  it("keeps the reported counts when they already explain the outcome", () => {
    expect(countsFor({ passed: 5, failed: 2, skipped: 1 }, false)).toEqual({ passed: 5, failed: 2, skipped: 1 });
    expect(countsFor({ passed: 5, failed: 0, skipped: 0 }, true)).toEqual({ passed: 5, failed: 0, skipped: 0 });
  });
});
