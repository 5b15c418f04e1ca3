// The worker and the dispatcher as child processes, started from their real entry points
// (the way `npm start` runs them), so the benchmark measures the deployment's process
// layout rather than one event loop doing everything.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "@mailstream/runtime/tools";

const TSX_LOADER = pathToFileURL(
  path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "loader.mjs"),
).href;

export interface RunningService {
  stop(): Promise<void>;
}

/** Spawns `entry` (relative to `dir` in the repo) and resolves once it prints `readyLine`. */
export async function startService(options: {
  name: string;
  dir: string;
  entry: string;
  args?: string[];
  /** Extra node flags, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
  env: NodeJS.ProcessEnv;
  readyLine: RegExp;
  timeoutMs: number;
  log: (line: string) => void;
}): Promise<RunningService> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), "--import", TSX_LOADER, options.entry, ...(options.args ?? [])],
    {
      cwd: path.join(REPO_ROOT, options.dir),
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let output = "";
  let isReady = false;
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    // After start-up only problems are worth showing; the ready line itself is not.
    if (isReady)
      for (const line of chunk.toString().split("\n")) if (line.trim()) options.log(`${options.name}: ${line}`);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);

  const deadline = Date.now() + options.timeoutMs;
  while (!options.readyLine.test(output)) {
    if (child.exitCode !== null)
      throw new Error(`${options.name} exited (${child.exitCode}) during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${options.name} was not ready within ${options.timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  isReady = true;
  return {
    async stop() {
      if (child.exitCode !== null) return;
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(timer);
    },
  };
}
