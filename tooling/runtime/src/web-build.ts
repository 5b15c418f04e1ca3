// Keeps the production build of apps/web current: `next build` runs only when there is no
// build or a source it depends on changed since the last one (stamp = hash of the source
// tree's paths and contents). A lock file serialises concurrent builds (`npm start`
// and the e2e setup in the same checkout), and the second one reuses the first's result.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { tryLock } from "./pid-lock";
import { spawnService } from "./service-process";
import { REPO_ROOT } from "./tools";

export const WEB_DIR = path.join(REPO_ROOT, "apps", "web");
const BUILD_DIR = path.join(WEB_DIR, ".next");
const STAMP_FILE = path.join(BUILD_DIR, "mailstream-build-stamp");
const LOCK_FILE = path.join(
  os.tmpdir(),
  `mailstream-next-build-${createHash("sha1").update(REPO_ROOT).digest("hex").slice(0, 12)}.lock`,
);

// Everything the web app bundles: its own sources and the workspace packages it imports.
const SOURCE_ROOTS = ["apps/web", "packages/api", "packages/db", "packages/emails", "packages/journey", "temporal/src"];
const SKIPPED_DIRS = new Set(["node_modules", ".next", ".turbo", "drizzle", "test-results"]);

export function nextBin(): string {
  return path.join(WEB_DIR, "node_modules", ".bin", "next");
}

export function computeWebSourceStamp(): string {
  const hash = createHash("sha256");
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(full);
      } else if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".tsbuildinfo")) {
        // Contents, not mtimes: `next build` rewrites next-env.d.ts, and a checkout touches files it does not change.
        hash
          .update(`${path.relative(REPO_ROOT, full)}\0`)
          .update(readFileSync(full))
          .update("\n");
      }
    }
  };
  for (const root of SOURCE_ROOTS) if (existsSync(path.join(REPO_ROOT, root))) visit(path.join(REPO_ROOT, root));
  hash.update(readFileSync(path.join(REPO_ROOT, "pnpm-lock.yaml")));
  return hash.digest("hex");
}

function isBuildCurrent(stamp: string): boolean {
  return (
    existsSync(path.join(BUILD_DIR, "BUILD_ID")) &&
    existsSync(STAMP_FILE) &&
    readFileSync(STAMP_FILE, "utf8").trim() === stamp
  );
}

/**
 * Builds apps/web unless the existing build is current. `env` is the runtime environment:
 * route modules may validate it while Next collects page data.
 */
export async function ensureWebBuild(options: {
  env: NodeJS.ProcessEnv;
  log: (source: string, line: string) => void;
  signal?: AbortSignal;
}): Promise<"reused" | "built"> {
  if (!existsSync(nextBin()))
    throw new Error(`${nextBin()} is missing: dependencies are not installed (run \`npm start\`).`);
  if (isBuildCurrent(computeWebSourceStamp())) return "reused";
  const release = await acquireLock(options.log, options.signal);
  try {
    // Sources could have been built by whoever held the lock before us.
    const stamp = computeWebSourceStamp();
    if (isBuildCurrent(stamp)) return "reused";
    options.log("web", "building the web app (next build), first start or sources changed…");
    const started = Date.now();
    const build = spawnService({
      name: "web build",
      command: nextBin(),
      args: ["build"],
      cwd: WEB_DIR,
      env: { ...options.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      onLine: options.log,
    });
    const cancel = () => void build.stop(5_000);
    options.signal?.addEventListener("abort", cancel, { once: true });
    const result = await build.exited;
    options.signal?.removeEventListener("abort", cancel);
    if (options.signal?.aborted) throw new Error("stopped while building the web app");
    if (result.code !== 0) {
      rmSync(STAMP_FILE, { force: true });
      throw new Error(
        `next build failed (${result.signal ?? `exit code ${result.code}`}); its output is above, prefixed [web build].`,
      );
    }
    writeFileSync(STAMP_FILE, `${stamp}\n`);
    options.log("web", `built in ${Math.round((Date.now() - started) / 1000)} s`);
    return "built";
  } finally {
    release();
  }
}

async function acquireLock(log: (source: string, line: string) => void, signal?: AbortSignal): Promise<() => void> {
  const deadline = Date.now() + 15 * 60_000;
  let hasSaidWaiting = false;
  for (;;) {
    const lock = tryLock(LOCK_FILE);
    if ("release" in lock) return lock.release;
    if (signal?.aborted) throw new Error("stopped while waiting for another next build");
    if (Date.now() > deadline)
      throw new Error(`another next build (pid ${lock.holder}) has held ${LOCK_FILE} for 15 minutes`);
    if (!hasSaidWaiting) log("web", `waiting for another next build of this checkout (pid ${lock.holder}) to finish…`);
    hasSaidWaiting = true;
    await sleep(1_000);
  }
}
