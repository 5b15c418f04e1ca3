// The product's own processes (contract: worker `temporal/worker/src/main.ts`, dispatcher
// `apps/dispatcher/src/main.ts`, web = `apps/web/server.ts`) and the wait for
// the web app's health check.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { spawnService, type ServiceExit, type ServiceProcess } from "./service-process";
import { REPO_ROOT } from "./tools";
import { STACK_DIST_DIR, WEB_DIR } from "./web-build";

// `node --import tsx` runs TypeScript in the child itself (the tsx CLI would add a process).
export const TSX_LOADER = pathToFileURL(
  path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "loader.mjs"),
).href;

export const ENTRY_POINTS = [
  { name: "worker", dir: "temporal/worker", entry: "src/main.ts" },
  { name: "dispatcher", dir: "apps/dispatcher", entry: "src/main.ts" },
];

export function spawnAppServices(options: {
  env: NodeJS.ProcessEnv;
  webPort: number;
  log: (source: string, line: string) => void;
}): ServiceProcess[] {
  for (const { name, dir, entry } of ENTRY_POINTS) {
    if (!existsSync(path.join(REPO_ROOT, dir, entry)))
      throw new Error(`the ${name} entry point ${dir}/${entry} is missing`);
  }
  const tsServices = ENTRY_POINTS.map(({ name, dir, entry }) =>
    spawnService({
      name,
      command: process.execPath,
      args: ["--enable-source-maps", "--import", TSX_LOADER, entry],
      cwd: path.join(REPO_ROOT, dir),
      // Production mode: React (email rendering in the worker) is several times slower in development mode.
      env: { ...options.env, NODE_ENV: "production" },
      onLine: options.log,
    }),
  );
  const web = spawnService({
    name: "web",
    command: process.execPath,
    args: webServerArgs(options.webPort, webListenHost(options.env)),
    cwd: WEB_DIR,
    env: { ...options.env, NODE_ENV: "production", MAILSTREAM_NEXT_DIST_DIR: STACK_DIST_DIR },
    onLine: options.log,
  });
  return [...tsServices, web];
}

/**
 * The web process: server.ts, not `next start` — it stamps each request with its socket address
 * and answers ingest without Next.js (see that file); TypeScript through the tsx loader, as above.
 */
export function webServerArgs(port: number, hostname: string): string[] {
  return ["--import", TSX_LOADER, "server.ts", "--port", String(port), "--hostname", hostname];
}

/**
 * The address the web server listens on: loopback unless `HOST` says otherwise (`0.0.0.0` in a
 * container or behind a proxy on another machine), so a fresh `npm start` is not reachable
 * from the network. The health probe goes to 127.0.0.1, which any wildcard HOST also serves.
 */
export function webListenHost(env: NodeJS.ProcessEnv): string {
  return env.HOST?.trim() || "127.0.0.1";
}

/** Polls the health route until it answers 200 and not "degraded"; fails early if a part dies or start-up is aborted. */
export async function waitForHealth(options: {
  url: string;
  timeoutMs: number;
  unexpectedExit: Promise<ServiceExit>;
  signal?: AbortSignal;
}): Promise<void> {
  let died: ServiceExit | undefined;
  void options.unexpectedExit.then((exit) => {
    died = exit;
  });
  const deadline = Date.now() + options.timeoutMs;
  let last = "no answer yet";
  for (;;) {
    if (died) throw new Error(`${died.name} exited during start-up (${describeExit(died)}); its output is above`);
    if (options.signal?.aborted) throw new Error("start-up was interrupted");
    try {
      const response = await fetch(options.url, { signal: AbortSignal.timeout(5_000) });
      const body = await response.text();
      // 200 means the database answers; wait for "ok" too, i.e. Temporal up and a worker polling.
      if (response.status === 200 && reportedStatus(body) !== "degraded") return;
      last = `HTTP ${response.status}: ${body.slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `GET ${options.url} did not answer 200 within ${Math.round(options.timeoutMs / 1000)} s (last: ${last})`,
      );
    }
    await sleep(500);
  }
}

function reportedStatus(body: string): unknown {
  try {
    return (JSON.parse(body) as { status?: unknown }).status;
  } catch {
    return undefined;
  }
}

export function describeExit(exit: ServiceExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
