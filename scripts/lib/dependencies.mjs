// Installs the workspace's dependencies when node_modules is missing or the lockfile
// changed since the last successful install (a stamp holds the lockfile's hash).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BootstrapError, logStep, runCommand } from "./shell.mjs";
import { PNPM_ENV } from "./pnpm.mjs";

export const INSTALL_STAMP = path.join("node_modules", ".mailstream-install-stamp");

export async function ensureDependencies(repoRoot, pnpm) {
  const lockfile = path.join(repoRoot, "pnpm-lock.yaml");
  if (!existsSync(lockfile))
    throw new BootstrapError("pnpm-lock.yaml is missing; the repository checkout is incomplete.");
  const lockHash = createHash("sha256").update(readFileSync(lockfile)).digest("hex");
  const stampFile = path.join(repoRoot, INSTALL_STAMP);
  const hasModules = existsSync(path.join(repoRoot, "node_modules"));
  const stamp = existsSync(stampFile) ? readFileSync(stampFile, "utf8").trim() : null;
  if (hasModules && stamp === lockHash) {
    logStep("dependencies up to date");
    return;
  }
  const why = !hasModules
    ? "node_modules is missing"
    : stamp
      ? "pnpm-lock.yaml changed"
      : "no record of a completed install";
  logStep(`dependencies: ${why}; running pnpm install --frozen-lockfile…`);
  const started = Date.now();
  try {
    await runCommand(
      pnpm,
      ["install", "--frozen-lockfile", "--reporter=append-only", "--config.confirmModulesPurge=false"],
      {
        cwd: repoRoot,
        env: { ...PNPM_ENV, CI: process.env.CI ?? "1" },
        inherit: true,
      },
    );
  } catch (error) {
    throw new BootstrapError(`installing dependencies failed: ${error.message}`);
  }
  writeFileSync(stampFile, `${lockHash}\n`);
  logStep(`dependencies installed in ${Math.round((Date.now() - started) / 1000)} s`);
}
