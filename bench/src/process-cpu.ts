// CPU used by this process and everything it started (Postgres, Temporal, the worker, the
// dispatcher, the baseline worker), read from /proc and grouped by role, so a probe can say
// what one journey run costs each component. Linux only; elsewhere it reports nothing.
// A running cluster (`npm run start:cluster`) is not our child: its process table
// (`.data/cluster/processes.json`) names its processes, and each counts under its name.
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
  if (stat.pid === process.pid) return "bench (load)";
  if (stat.comm.startsWith("postgres") || stat.comm === "postmaster") return "postgres";
  if (stat.comm.startsWith("temporal")) return "temporal server";
  if (stat.comm === "node" || stat.comm.startsWith("MainThread")) {
    try {
      const cwd = readlinkSync(`/proc/${stat.pid}/cwd`);
      if (cwd.endsWith(path.join("temporal", "worker"))) return "worker";
      if (cwd.endsWith(path.join("apps", "dispatcher"))) return "dispatcher";
      if (cwd.endsWith("web-ingest")) return "web (ingest listener)";
      if (cwd.endsWith("bench")) return "baseline worker";
    } catch {
      // gone
    }
  }
  return "other";
}

/**
 * The processes of a cluster's process table, by role: the table's name without its instance
 * number (`worker-1` and `worker-2` are both `worker`; `temporal-history` stays itself).
 * Read on every sample, since the table rewrites a restarted process's pid.
 */
function processTableRoots(file: string): { pid: number; role: string }[] {
  const table = JSON.parse(readFileSync(file, "utf8")) as { processes?: { name: string; pid: number | null }[] };
  return (table.processes ?? []).flatMap(({ name, pid }) =>
    typeof pid === "number" ? [{ pid, role: name.replace(/-\d+$/, "") }] : [],
  );
}

/**
 * A cluster's Postgres serves Mailstream and the Temporal server alike: its backends say in
 * their title (`postgres: user database client`) which database they serve, so they count
 * as `postgres mailstream`, `postgres temporal`…; the postmaster and its helpers as
 * `postgres`. (A backend that exits within the window counts under the postmaster.)
 */
function postgresRole(stat: ProcStat): string {
  try {
    const title = readFileSync(`/proc/${stat.pid}/cmdline`, "utf8").replace(/\0/g, " ").trim().split(/\s+/);
    return title[0] === "postgres:" && title.length >= 4 && /^[\d.:[\]a-f]+\(\d+\)$|^\[local\]$/.test(title[3]!)
      ? `postgres ${title[2]}`
      : "postgres";
  } catch {
    return "postgres"; // gone
  }
}

/**
 * CPU seconds so far of this process and its descendants, by role; with `processTable` (the
 * path of a cluster's processes.json) also of that cluster's processes and their descendants.
 */
export function sampleCpu(processTable?: string): CpuByRole {
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
  for (const stat of stats) {
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  const byPid = new Map(stats.map((stat) => [stat.pid, stat]));
  const self = byPid.get(process.pid);
  // A root's descendants count under the root's fixed role (a cluster process); ours by roleOf.
  const queue: { stat: ProcStat; role: string | null }[] = self ? [{ stat: self, role: null }] : [];
  for (const root of processTable ? processTableRoots(processTable) : []) {
    const stat = byPid.get(root.pid);
    if (stat) queue.push({ stat, role: root.role });
  }
  const byRole: CpuByRole = {};
  const seen = new Set<number>();
  for (let item = queue.shift(); item; item = queue.shift()) {
    if (seen.has(item.stat.pid)) continue;
    seen.add(item.stat.pid);
    const role = item.role === "postgres" ? postgresRole(item.stat) : (item.role ?? roleOf(item.stat));
    byRole[role] = (byRole[role] ?? 0) + item.stat.ticks / TICKS_PER_SECOND;
    for (const child of children.get(item.stat.pid) ?? []) queue.push({ stat: child, role: item.role });
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
