// The supervisor's side of the reaper (reaper-process.mjs): start it once, then tell it about every
// child, so that if the supervisor dies without cleaning up (SIGKILL, a crash in native
// code), the reaper stops the children instead of leaving orphans holding the ports.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REAPER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "reaper-process.mjs");

/** "group": the child leads its own process group (spawned detached); "process": it does not. */
export type ReapKind = "group" | "process";

export interface Reaper {
  pid: number;
  track(pid: number, kind: ReapKind): void;
  forget(pid: number): void;
}

let current: Reaper | null = null;

/** Starts this process's reaper (once; later calls return the same one). */
export function startReaper(options: { graceMs?: number } = {}): Reaper {
  if (current) return current;
  const child: ChildProcess = spawn(process.execPath, [REAPER_SCRIPT], {
    stdio: ["pipe", "ignore", "ignore"],
    // Its own group: a kill of our group (or the terminal's Ctrl-C) must not take it along.
    detached: true,
    env: { ...process.env, MAILSTREAM_REAPER_GRACE_MS: String(options.graceMs ?? 5_000) },
  });
  const stdin = child.stdin;
  if (!stdin || child.pid === undefined) throw new Error("could not start the reaper process");
  // Neither the reaper nor its pipe may keep the supervisor alive.
  child.unref();
  (stdin as unknown as { unref?: () => void }).unref?.();
  stdin.on("error", () => {}); // the reaper died first: nothing left to tell it
  const send = (line: string) => {
    if (!stdin.destroyed) stdin.write(`${line}\n`);
  };
  current = {
    pid: child.pid,
    track: (pid, kind) => send(`${kind} ${pid}`),
    forget: (pid) => send(`forget ${pid}`),
  };
  return current;
}

/** The running reaper, if this process started one. */
export function activeReaper(): Reaper | null {
  return current;
}
