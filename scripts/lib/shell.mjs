// Process helpers for the bootstrap: find binaries on PATH, run commands with a timeout,
// and report progress as one line per step. Node built-ins only (runs before `pnpm install`).
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

export class BootstrapError extends Error {}

/** One line per bootstrap step, so a fresh clone shows what it is doing and why. */
export function logStep(message) {
  process.stdout.write(`[bootstrap] ${message}\n`);
}

export function which(name, searchPath = process.env.PATH ?? "") {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** Runs a command to completion and returns its trimmed stdout, or null when it fails or times out. */
export function captureOutput(command, args, { timeoutMs = 30_000, env = process.env, cwd } = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: timeoutMs, env, cwd });
  if (result.error || result.status !== 0) return null;
  return result.stdout.trim();
}

/**
 * Runs a command; by default its output is captured and shown only when it fails, so a
 * successful step stays one line. Rejects with a BootstrapError naming the command.
 */
export function runCommand(command, args, { cwd, env = process.env, inherit = false, timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: inherit ? "inherit" : ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const timer = timeoutMs ? setTimeout(() => child.kill("SIGKILL"), timeoutMs) : null;
    child.once("error", (error) => {
      if (timer) clearTimeout(timer);
      reject(new BootstrapError(`could not run \`${command}\`: ${error.message}`));
    });
    child.once("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code === 0) return resolve(output);
      const why = signal
        ? `was killed (${signal}${timeoutMs ? `, limit ${timeoutMs / 1000} s` : ""})`
        : `exited with code ${code}`;
      const tail = output.trim() ? `\n${indent(output.trim().split("\n").slice(-25).join("\n"))}` : "";
      reject(new BootstrapError(`\`${[path.basename(command), ...args].join(" ")}\` ${why}${tail}`));
    });
  });
}

function indent(text) {
  return text.replace(/^/gm, "    ");
}

export function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}
