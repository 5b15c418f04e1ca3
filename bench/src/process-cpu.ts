// CPU used by this process and everything it started (Postgres, Temporal, the worker, the
// dispatcher, the baseline worker), read from /proc and grouped by role, so a probe can say
// what one journey run costs each component. Linux only; elsewhere it reports nothing.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

/** CPU seconds per role. */
export type CpuByRole = Record<string, number>;

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux Node runs on

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is in parentheses and may hold spaces; the fields after it are space-separated.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    // After comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14). The children's
    // times hold what exited children used (Postgres backends the pool closed while measuring):
    // without them a backend that exits takes its CPU out of the total.
    const ticks = [11, 12, 13, 14].reduce((sum, field) => sum + Number(fields[field]), 0);
    return { pid, ppid: Number(fields[1]), comm, ticks };
  } catch {
    return null; // it exited while we looked
  }
}

/** What a process is to the benchmark: by its command, and for node by its working directory. */
function roleOf(stat: ProcStat): string {
  if (stat.pid === process.pid) return "bench (load + track handler)";
  if (stat.comm.startsWith("postgres") || stat.comm === "postmaster") return "postgres";
  if (stat.comm.startsWith("temporal")) return "temporal server";
  if (stat.comm === "node" || stat.comm.startsWith("MainThread")) {
    try {
      const cwd = readlinkSync(`/proc/${stat.pid}/cwd`);
      if (cwd.endsWith(path.join("temporal", "worker"))) return "worker";
      if (cwd.endsWith(path.join("apps", "dispatcher"))) return "dispatcher";
      if (cwd.endsWith("bench")) return "baseline worker";
    } catch {
      // gone
    }
  }
  return "other";
}

/** CPU seconds so far of this process and its descendants, by role. */
export function sampleCpu(): CpuByRole {
  let pids: number[];
  try {
    pids = readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return {};
  }
  const stats = pids.flatMap((pid) => readStat(pid) ?? []);
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const self = stats.find((stat) => stat.pid === process.pid);
  const byRole: CpuByRole = {};
  const queue = self ? [self] : [];
  for (let stat = queue.shift(); stat; stat = queue.shift()) {
    const role = roleOf(stat);
    byRole[role] = (byRole[role] ?? 0) + stat.ticks / TICKS_PER_SECOND;
    queue.push(...(children.get(stat.pid) ?? []));
  }
  return byRole;
}

/** `after − before`, per role (a role that appeared counts from zero). */
export function cpuBetween(before: CpuByRole, after: CpuByRole): CpuByRole {
  const delta: CpuByRole = {};
  for (const [role, seconds] of Object.entries(after)) delta[role] = seconds - (before[role] ?? 0);
  return delta;
}

/** Adds what each role used since `before` to `total` (CPU seconds), for a side measured in several stretches. */
export function addCpuSince(total: CpuByRole, before: CpuByRole): void {
  for (const [role, seconds] of Object.entries(cpuBetween(before, sampleCpu())))
    total[role] = (total[role] ?? 0) + seconds;
}

/** CPU milliseconds per item by role, and their sum. */
export function cpuMsPer(total: CpuByRole, items: number): { byRole: Record<string, number>; sum: number } {
  const byRole = Object.fromEntries(Object.entries(total).map(([role, seconds]) => [role, (seconds * 1_000) / items]));
  return { byRole, sum: Object.values(byRole).reduce((a, b) => a + b, 0) };
}

/** `role 1.23, role 4.56` for the roles that used anything. */
export function formatCpuMs(byRole: Record<string, number>): string {
  return Object.entries(byRole)
    .filter(([, ms]) => ms > 0.005)
    .map(([role, ms]) => `${role} ${ms.toFixed(2)}`)
    .join(", ");
}
