// `pnpm bench:model`: a small capacity model of Mailstream, fed with the per-run CPU cost of
// each component that bench:costs / bench:latency measure (milliseconds of CPU per journey
// run, trigger → email → exit). It answers: on this topology, which component saturates
// first, and at how many journey starts per second?
//
// Two limits apply to every component: its share of the machine's cores (all processes on
// one machine share them), and its own processes (a Node process uses at most one core for
// its JavaScript, so a worker process runs at most 1000 / worker-ms runs per second). The
// sustainable rate is the smallest of those, times a utilization target (queues grow without
// bound as a resource nears 100%; --utilization 0.8 leaves the headroom that keeps p99 low).
import { parseArgs } from "node:util";

/** CPU milliseconds per journey run, per component. */
export interface RunCosts {
  ingest: number;
  dispatcher: number;
  worker: number;
  temporal: number;
  postgres: number;
}

/**
 * Measured on the Temporal dev server: bench:latency --rate 20 (fixed rate, 600 runs), CPU per
 * run by process, trigger → email → exit, 2026-12-07 (docs/performance.md, "Dispatcher and
 * Postgres CPU per run"); `ingest` is the bench's track handler with its load generator (since
 * session 26 the web process serves ingest without Next.js, as the bench does: docs/performance.md,
 * "Ingest without Next.js").
 */
export const MEASURED_COSTS: RunCosts = { ingest: 4.4, dispatcher: 8.3, worker: 20.6, temporal: 34, postgres: 12.6 };

/**
 * The raw Temporal baseline's CPU per run (its Temporal server share, its worker, and the client
 * starting it): what Temporal alone costs a run of the same shape. 53 ms on the quiet machine
 * (61.5 in the run above, whose end was busier: the lower, conservative figure is kept). On
 * shared cores the sustainable rates compare as the inverse of CPU per run.
 */
export const RAW_BASELINE_MS_PER_RUN = 53;

export interface Topology {
  /** Machines, each with `cores`; components are spread over them as the process counts say. */
  machines: { cores: number; processes: Partial<Record<keyof RunCosts, number>> }[];
  utilization: number;
}

export interface Ceiling {
  component: keyof RunCosts;
  /** Runs/s its processes allow (one core each at most). */
  byProcesses: number;
}

/** The starts/s each machine and each component allow, and the overall sustainable rate. */
export function predict(costs: RunCosts, topology: Topology) {
  const components = Object.keys(costs) as (keyof RunCosts)[];
  // The process limit: N processes of a component each get at most one core. Temporal and
  // Postgres are multi-threaded servers, so their limit is the machine share only.
  const ceilings: Ceiling[] = components.map((component) => {
    const processes = topology.machines.reduce((sum, machine) => sum + (machine.processes[component] ?? 0), 0);
    const isThreaded = component === "temporal" || component === "postgres";
    return {
      component,
      byProcesses: processes === 0 ? 0 : isThreaded ? Infinity : (processes * 1_000) / costs[component],
    };
  });
  // The machine limit: each machine's cores over the CPU its processes spend per run. A
  // component on several machines splits its runs evenly over its processes.
  const machines = topology.machines.map((machine, index) => {
    let msPerRun = 0;
    for (const component of components) {
      const here = machine.processes[component] ?? 0;
      const total = topology.machines.reduce((sum, m) => sum + (m.processes[component] ?? 0), 0);
      if (here > 0) msPerRun += (costs[component] * here) / total;
    }
    return { machine: index + 1, cores: machine.cores, msPerRun, runsPerSecond: (machine.cores * 1_000) / msPerRun };
  });
  const limits = [
    ...ceilings.map((c) => ({ what: `${c.component} processes`, runsPerSecond: c.byProcesses })),
    ...machines.map((m) => ({ what: `machine ${m.machine} (${m.cores} cores)`, runsPerSecond: m.runsPerSecond })),
  ].filter((limit) => limit.runsPerSecond > 0);
  const bottleneck = limits.reduce((a, b) => (b.runsPerSecond < a.runsPerSecond ? b : a));
  return { ceilings, machines, bottleneck, sustainable: bottleneck.runsPerSecond * topology.utilization };
}

/** One machine running everything, as `npm start` does, with `workers` worker processes. */
export function oneMachine(cores: number, workers = 1, dispatchers = 1): Topology {
  return {
    machines: [{ cores, processes: { ingest: 1, dispatcher: dispatchers, worker: workers, temporal: 1, postgres: 1 } }],
    utilization: 0.8,
  };
}

function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    options: {
      cores: { type: "string" },
      workers: { type: "string" },
      dispatchers: { type: "string" },
      utilization: { type: "string" },
      costs: { type: "string" },
    },
  });
  const cores = Number(values.cores ?? 2);
  const workers = Number(values.workers ?? 1);
  const dispatchers = Number(values.dispatchers ?? 1);
  const utilization = Number(values.utilization ?? 0.8);
  // --costs worker=40,temporal=40,…: override measured figures (e.g. from a cluster run).
  const costs = { ...MEASURED_COSTS };
  for (const pair of (values.costs ?? "").split(",").filter(Boolean)) {
    const [name, ms] = pair.split("=");
    if (!name || !(name in costs) || !(Number(ms) > 0)) throw new Error(`--costs: "${pair}" is not <component>=<ms>`);
    costs[name as keyof RunCosts] = Number(ms);
  }
  if (
    ![workers, dispatchers].every((n) => Number.isInteger(n) && n > 0) ||
    // --cores may be a fraction: the share of a busy machine's cores this stack gets.
    !(cores > 0) ||
    !(utilization > 0 && utilization <= 1)
  )
    throw new Error("--workers and --dispatchers are whole numbers ≥ 1; --cores > 0; --utilization is in (0, 1]");
  const result = predict(costs, { ...oneMachine(cores, workers, dispatchers), utilization });
  console.log(
    `CPU per run (ms): ${Object.entries(costs)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  console.log(`One machine, ${cores} cores, ${workers} worker(s), ${dispatchers} dispatcher(s):`);
  for (const ceiling of result.ceilings)
    console.log(
      `  ${ceiling.component.padEnd(10)} processes allow ${Number.isFinite(ceiling.byProcesses) ? ceiling.byProcesses.toFixed(0) : "∞"} runs/s`,
    );
  for (const machine of result.machines)
    console.log(
      `  machine: ${machine.msPerRun.toFixed(0)} ms CPU per run → ${machine.runsPerSecond.toFixed(1)} runs/s at 100%`,
    );
  console.log(
    `  bottleneck: ${result.bottleneck.what}; sustainable at ${Math.round(utilization * 100)}% ≈ ${result.sustainable.toFixed(1)} starts/s`,
  );
  const total = Object.values(costs).reduce((sum, ms) => sum + ms, 0);
  console.log(
    `  raw Temporal baseline: ${RAW_BASELINE_MS_PER_RUN} ms CPU per run; on the same cores Mailstream's rate ≈ ${(RAW_BASELINE_MS_PER_RUN / total).toFixed(2)} of the baseline's (issue 14 asks 0.8)`,
  );
}

if (process.argv[1]?.endsWith("model.ts")) main();
