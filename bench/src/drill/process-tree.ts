// A power cut, as the kernel sees one: every process of a tree dies at the same instant,
// whatever process group or session it put itself in. The tree is read from /proc (each
// process's parent), frozen with SIGSTOP so nothing reacts or forks while it is walked
// again, then killed with SIGKILL.
import { existsSync, readdirSync, readFileSync } from "node:fs";

function parentOf(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[1]);
  } catch {
    return null; // gone meanwhile
  }
}

/** `root` and every process below it, by parent links read from /proc now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const parent = parentOf(pid);
    if (parent === null) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (parentOf(pid) === null && pid !== root) continue;
    tree.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Kills `root` and everything below it at once; returns the processes cut. */
export function cutPower(root: number): number[] {
  const frozen = new Set<number>();
  // Freeze until the walk finds nothing new (a process may fork between two reads).
  for (let round = 0; round < 5; round++) {
    const found = processTree(root).filter((pid) => !frozen.has(pid));
    if (found.length === 0) break;
    for (const pid of found) {
      signal(pid, "SIGSTOP");
      frozen.add(pid);
    }
  }
  for (const pid of frozen) signal(pid, "SIGKILL");
  return [...frozen];
}

/**
 * Resolves once none of `pids` exists any more, not even as a zombie waiting to be reaped. A
 * SIGKILL is delivered asynchronously, and Postgres refuses to start while the pid in its
 * postmaster.pid still exists — after a real power cut none does, so the restart waits for that.
 */
export async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = pids.filter((pid) => existsSync(`/proc/${pid}`));
    if (left.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`processes ${left.join(", ")} still exist ${timeoutMs / 1000} s after the power cut`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True while the process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}
