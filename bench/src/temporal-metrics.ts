// What the Temporal dev server did for a stretch of runs, counted by the server itself: its
// Prometheus counters (the dev server serves /metrics on a random free port) of persistence
// calls, visibility writes and history tasks, by operation. Counts do not move with the
// machine's load the way CPU figures do, so a change to what a run asks of Temporal shows
// in them exactly. Linux only (the port is found with `ss`); elsewhere it reports nothing.
import { execFileSync } from "node:child_process";

/** Counter name → operation → count. */
export type TemporalCounts = Record<string, Record<string, number>>;

/**
 * The counters read, each summed by its `operation` label: calls to the persistence layer
 * (SQLite), visibility store calls (`…_latency_count`: one per call), history tasks processed.
 */
const COUNTERS = ["persistence_requests", "visibility_persistence_latency_count", "task_requests"] as const;

/** The listening TCP ports of the process listening on `address`'s port. */
function portsOfServerAt(address: string): number[] {
  const port = Number(address.split(":").pop());
  let listing: string;
  try {
    listing = execFileSync("ss", ["-ltnpH"], { encoding: "utf8" });
  } catch {
    return [];
  }
  const rows = listing.split("\n").flatMap((line) => {
    const local = /\s(\S+):(\d+)\s+\S+\s+users:/.exec(line);
    const pid = /pid=(\d+)/.exec(line);
    return local && pid ? [{ port: Number(local[2]), pid: Number(pid[1]) }] : [];
  });
  const server = rows.find((row) => row.port === port);
  return server ? rows.filter((row) => row.pid === server.pid && row.port !== port).map((row) => row.port) : [];
}

/** The dev server's /metrics URL, or null when it cannot be found (not Linux, no `ss`, metrics off). */
export async function findTemporalMetrics(temporalAddress: string): Promise<string | null> {
  const host = temporalAddress.split(":")[0] ?? "127.0.0.1";
  for (const port of portsOfServerAt(temporalAddress)) {
    const url = `http://${host}:${port}/metrics`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok && (await response.text()).includes("persistence_requests")) return url;
    } catch {
      // the UI's port or another listener: not the metrics endpoint
    }
  }
  return null;
}

/** The counters now, or null when the server does not answer (a bench never fails for its counts). */
export async function readTemporalCounts(url: string): Promise<TemporalCounts | null> {
  let text: string;
  try {
    text = await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();
  } catch {
    return null;
  }
  const counts: TemporalCounts = {};
  for (const line of text.split("\n")) {
    const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || !COUNTERS.includes(match[1] as (typeof COUNTERS)[number])) continue;
    const operation = /operation="([^"]*)"/.exec(match[2] as string)?.[1] ?? "?";
    const byOperation = (counts[match[1] as string] ??= {});
    byOperation[operation] = (byOperation[operation] ?? 0) + Number(match[3]);
  }
  return counts;
}

/** Per run, `after − before`, the largest first: one line per counter. */
export function formatTemporalCounts(before: TemporalCounts, after: TemporalCounts, runs: number): string[] {
  const labels: Record<(typeof COUNTERS)[number], string> = {
    persistence_requests: "persistence calls",
    visibility_persistence_latency_count: "visibility store calls",
    task_requests: "history tasks",
  };
  return COUNTERS.map((counter) => {
    const was = before[counter] ?? {};
    const deltas = Object.entries(after[counter] ?? {})
      .map(([operation, count]) => [operation, (count - (was[operation] ?? 0)) / runs] as const)
      .filter(([, perRun]) => perRun >= 0.05)
      .sort((a, b) => b[1] - a[1]);
    const total = deltas.reduce((sum, [, perRun]) => sum + perRun, 0);
    const parts = deltas.map(([operation, perRun]) => `${operation} ${perRun.toFixed(2)}`).join(", ");
    return `${labels[counter]} ${total.toFixed(2)}: ${parts}`;
  });
}
