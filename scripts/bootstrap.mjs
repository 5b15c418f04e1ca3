#!/usr/bin/env node
// Entry point of `npm start`, `npm run start:cluster`, `npm test`, `npm run bench:*` and
// `pnpm drill` on a fresh clone: makes sure pnpm, the dependencies, the Temporal CLI (for
// cluster mode, the drill and the tests the real Temporal server, for tests Chromium) are
// present, then hands over to the TypeScript runtime. Node built-ins only: nothing else is
// installed yet.
//
//   node scripts/bootstrap.mjs start | cluster | test | bench <name> | drill [options]
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./lib/chromium.mjs";
import { ensureDependencies } from "./lib/dependencies.mjs";
import { ensurePnpm, PNPM_ENV } from "./lib/pnpm.mjs";
import { BootstrapError, logStep } from "./lib/shell.mjs";
import { ensureTemporalCli, ensureTemporalTestServer } from "./lib/temporal-cli.mjs";
import { ensureTemporalServer, ensureTemporalUi } from "./lib/temporal-server.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "usage: node scripts/bootstrap.mjs start | cluster | test | bench <name> | drill [options]";
const MIN_NODE = [20, 19];

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!["start", "cluster", "test", "bench", "drill"].includes(command) || (command === "bench" && !rest[0])) {
    throw new BootstrapError(USAGE);
  }
  checkNode();
  const pnpm = await ensurePnpm(REPO_ROOT);
  await ensureDependencies(REPO_ROOT, pnpm);
  const env = {
    ...PNPM_ENV,
    // Children (turbo, scripts) find the same pnpm and the tools we installed.
    PATH: [path.dirname(pnpm), path.join(REPO_ROOT, ".tools", "bin"), process.env.PATH].join(path.delimiter),
  };
  // An external Temporal (TEMPORAL_ADDRESS) needs no CLI for `start`; tests always run their own.
  if (command !== "start" || !process.env.TEMPORAL_ADDRESS) await ensureTemporalCli(REPO_ROOT); // cluster: creates the namespace
  // The fault drill (its own command, and its short form in `npm test`) runs cluster mode too.
  // Without it `npm test` still runs every other step; the drill step then fails naming what is missing.
  if (["cluster", "test", "drill"].includes(command)) {
    const temporal = await ensureTemporalServer(REPO_ROOT).catch((error) => {
      if (command !== "test") throw error;
      logStep(`the real Temporal server is not available, so the drill's cluster mode will fail: ${error.message}`);
      return null;
    });
    if (temporal) {
      env.MAILSTREAM_TEMPORAL_SERVER_BIN = temporal.server;
      env.MAILSTREAM_TEMPORAL_SQL_TOOL_BIN = temporal.sqlTool;
      env.MAILSTREAM_TEMPORAL_SCHEMA_DIR = temporal.schemaDir;
    }
  }
  if (command === "cluster") {
    const ui = await ensureTemporalUi(REPO_ROOT);
    if (ui) env.MAILSTREAM_TEMPORAL_UI_BIN = ui;
  }
  // The time-skipping server: tests use it, and the worker's test runs (the canvas's Test button) too.
  await ensureTemporalTestServer(REPO_ROOT);
  if (command === "test") {
    env.PLAYWRIGHT_CHROMIUM_EXECUTABLE = await ensureChromium();
  }
  // `node --import tsx` runs the TypeScript in this one process (the tsx CLI would add a
  // second one between us and the program, and a second hop for every signal).
  const tsx = ["--import", "tsx"];
  if (command === "start") return handOver(process.execPath, [...tsx, "tooling/runtime/src/start.ts"], env);
  if (command === "cluster")
    return handOver(process.execPath, [...tsx, "tooling/runtime/src/cluster/start-cluster.ts"], env);
  if (command === "test") return handOver(process.execPath, [...tsx, "tooling/runtime/src/run-tests.ts"], env);
  if (command === "drill") return handOver(pnpm, ["--filter", "@mailstream/bench", "run", "drill", ...rest], env);
  return handOver(pnpm, ["--filter", "@mailstream/bench", "run", rest[0], ...rest.slice(1)], env);
}

function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
    throw new BootstrapError(
      `Node ${MIN_NODE.join(".")}+ is required; this is ${process.version}. Install a newer Node (https://nodejs.org).`,
    );
  }
  logStep(`node ${process.version}`);
}

/**
 * Runs the real program and exits with its status. It gets its own process group, so a
 * terminal's Ctrl-C reaches only this process, which passes the signal on once: the
 * program then stops its children in order (the worker drains before Postgres goes away)
 * instead of every process in the group dying at the same moment.
 */
function handOver(command, args, env) {
  const shown =
    command === process.execPath
      ? "node"
      : command.startsWith(REPO_ROOT)
        ? path.relative(REPO_ROOT, command)
        : path.basename(command);
  logStep(`→ ${[shown, ...args].join(" ")}`);
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "inherit", "inherit"], detached: true });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.once("error", (error) => fail(new BootstrapError(`could not start ${command}: ${error.message}`)));
  child.once("exit", (code, signal) => {
    process.exitCode = code ?? (signal ? 128 + (signalNumbers[signal] ?? 1) : 1);
  });
}

const signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

function fail(error) {
  const message = error instanceof BootstrapError ? error.message : (error?.stack ?? String(error));
  process.stderr.write(`[bootstrap] error: ${message}\n`);
  process.exit(1);
}

main().catch(fail);
