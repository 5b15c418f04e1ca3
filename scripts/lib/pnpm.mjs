// Finds pnpm 10 (the version the lockfile was written with) or installs the pinned
// release into .tools/pnpm with npm, which every Node install ships with.
import { existsSync } from "node:fs";
import path from "node:path";
import { BootstrapError, captureOutput, logStep, runCommand, which } from "./shell.mjs";

export const PNPM_VERSION = "10.34.9";
const REQUIRED_MAJOR = 10;

// A corepack shim may try to download another pnpm; never let it prompt or switch.
const PNPM_ENV = { ...process.env, COREPACK_ENABLE_DOWNLOAD_PROMPT: "0", COREPACK_ENABLE_STRICT: "0" };

function versionOf(bin) {
  const version = captureOutput(bin, ["--version"], { env: PNPM_ENV, timeoutMs: 20_000 });
  return version && /^\d+\.\d+\.\d+/.test(version) ? version : null;
}

/** Returns the absolute path of a pnpm 10 binary, installing one when needed. */
export async function ensurePnpm(repoRoot) {
  const onPath = which("pnpm");
  const pathVersion = onPath ? versionOf(onPath) : null;
  if (onPath && pathVersion && Number(pathVersion.split(".")[0]) === REQUIRED_MAJOR) {
    logStep(`pnpm ${pathVersion} (${onPath})`);
    return onPath;
  }
  const prefix = path.join(repoRoot, ".tools", "pnpm");
  const local = path.join(prefix, "node_modules", ".bin", "pnpm");
  const localVersion = existsSync(local) ? versionOf(local) : null;
  if (localVersion === PNPM_VERSION) {
    logStep(`pnpm ${localVersion} (.tools/pnpm)`);
    return local;
  }
  const why = onPath ? `pnpm on PATH is ${pathVersion ?? "unusable"}, need ${REQUIRED_MAJOR}.x` : "pnpm is not on PATH";
  logStep(`pnpm: ${why}; installing pnpm@${PNPM_VERSION} into .tools/pnpm with npm…`);
  const npm = which("npm");
  if (!npm)
    throw new BootstrapError("npm is not on PATH; install Node.js 20+ with npm (https://nodejs.org) and retry.");
  await runCommand(
    npm,
    ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", `pnpm@${PNPM_VERSION}`],
    {
      timeoutMs: 300_000,
    },
  );
  const installed = versionOf(local);
  if (!installed)
    throw new BootstrapError(`pnpm was installed into ${prefix} but \`${local} --version\` does not run.`);
  logStep(`pnpm ${installed} installed (.tools/pnpm)`);
  return local;
}

export { PNPM_ENV };
