// One long-running child of the supervisor (worker, dispatcher, web): spawned in its own
// process group so the supervisor decides the shutdown order, its output split into lines
// for a prefixed log, and stopped with SIGTERM then SIGKILL after a grace period.
import { spawn, type ChildProcess } from "node:child_process";
import { activeReaper, type ReapKind } from "./supervision/reaper";

export interface ServiceExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Resolves when the process has exited, for whatever reason. */
  exited: Promise<ServiceExit>;
  stop(graceMs?: number): Promise<ServiceExit>;
}

export interface SpawnServiceOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  onLine: (name: string, line: string) => void;
}

const live = new Set<ChildProcess>();

/**
 * Kills `child`'s process group if this process exits while it still runs, and tells the
 * reaper (supervision/reaper.ts) about it, which also covers a supervisor killed by SIGKILL.
 * `kind` is "process" for a child that shares our process group (embedded Postgres).
 */
export function killOnExit(child: ChildProcess, kind: ReapKind = "group"): void {
  if (kind === "group") live.add(child);
  track(child, kind);
  child.once("exit", () => live.delete(child));
}

function track(child: ChildProcess, kind: ReapKind): void {
  const pid = child.pid;
  if (pid === undefined) return;
  activeReaper()?.track(pid, kind);
  child.once("exit", () => activeReaper()?.forget(pid));
}

// If the supervisor itself dies, take the children along rather than leave orphans
// holding the ports (the `exit` event runs on crashes and process.exit, not SIGKILL).
process.once("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});

export function spawnService(options: SpawnServiceOptions): ServiceProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  live.add(child);
  track(child, "group");
  pipeLines(child.stdout, (line) => options.onLine(options.name, line));
  pipeLines(child.stderr, (line) => options.onLine(options.name, line));
  const exited = new Promise<ServiceExit>((resolve) => {
    child.once("error", (error) => {
      options.onLine(options.name, `could not start ${options.command}: ${error.message}`);
      live.delete(child);
      resolve({ name: options.name, code: null, signal: null });
    });
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve({ name: options.name, code, signal });
    });
  });
  return {
    name: options.name,
    child,
    exited,
    stop: (graceMs = 15_000) => stopService(child, exited, graceMs),
  };
}

async function stopService(child: ChildProcess, exited: Promise<ServiceExit>, graceMs: number): Promise<ServiceExit> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return exited;
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
  const result = await exited;
  clearTimeout(timer);
  // Grandchildren (e.g. a worker thread pool or a forked server) go with the group.
  killGroup(child, "SIGKILL");
  return result;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

export function pipeLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) onLine(line);
  });
  stream.on("end", () => {
    if (pending.trim()) onLine(pending);
    pending = "";
  });
}
