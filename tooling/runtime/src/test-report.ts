// Reads the JSON reports of vitest and Playwright into one count of passed and failed
// tests. A runner that failed without reporting any failing test (a file that does not
// load, a crashed global setup) counts as one failure, so a broken suite never reads "0 failed".
import { existsSync, readFileSync } from "node:fs";

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

interface VitestReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: Array<{ status?: string; assertionResults?: Array<{ status?: string }> }>;
}

export function readVitestReport(file: string): TestCounts | null {
  const report = readJson<VitestReport>(file);
  if (!report) return null;
  // A file that fails to import has a failed status and no failed assertion.
  const brokenFiles = (report.testResults ?? []).filter(
    (result) => result.status === "failed" && !(result.assertionResults ?? []).some((test) => test.status === "failed"),
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

interface PlaywrightReport {
  stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
  errors?: unknown[];
}

export function readPlaywrightReport(file: string): TestCounts | null {
  const report = readJson<PlaywrightReport>(file);
  if (!report) return null;
  const stats = report.stats ?? {};
  return {
    // A flaky test passed on retry.
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    // Errors outside tests (global setup, a spec that does not load) fail the run too.
    failed: (stats.unexpected ?? 0) + (report.errors?.length ?? 0),
    skipped: stats.skipped ?? 0,
  };
}

/** The counts to report for a runner, given whether the runner itself succeeded. */
export function countsFor(report: TestCounts | null, didSucceed: boolean): TestCounts {
  const counts = report ?? { passed: 0, failed: 0, skipped: 0 };
  if (!didSucceed && counts.failed === 0) return { ...counts, failed: 1 };
  return counts;
}

function readJson<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}
