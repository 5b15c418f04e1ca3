// The two topologies the drill runs, each on its own data folder and ports (never the test
// stack): `npm start` (embedded Postgres, Temporal dev server, one of each process) and
// `npm run start:cluster` (Postgres, the real Temporal server as four services, two
// workers, dispatchers and web processes). Both are started from their real entry points,
// as the bootstrap does, with the Resend transport pointed at the drill's stand-in.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { allTemporalPorts } from "@mailstream/runtime/cluster/temporal-cluster";
import { embeddedPostgresUrl } from "@mailstream/runtime/postgres";
import { findFreePort, isPortFree } from "@mailstream/runtime/ports";
import { REPO_ROOT } from "@mailstream/runtime/tools";
import { cutPower, isRunning } from "./process-tree";

export type Topology = "embedded" | "cluster";

export interface StackPorts {
  web: number;
  postgres: number;
  temporal: number;
}

export interface DrillStack {
  topology: Topology;
  webPorts: number[];
  databaseUrl: string;
  /** The supervisor's pid (start.ts or start-cluster.ts). */
  pid: number;
  /** cluster: `<data>/cluster/processes.json`. */
  processTableFile: string | null;
}

export interface ProcessTableRow {
  name: string;
  pid: number | null;
}

const ENTRY: Record<Topology, string> = {
  embedded: "tooling/runtime/src/start.ts",
  cluster: "tooling/runtime/src/cluster/start-cluster.ts",
};

/** Free ports for one stack: web (and web + 1), Postgres, and a Temporal frontend whose derived ports are free too. */
export async function pickPorts(): Promise<StackPorts> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const web = await findFreePort();
    const postgres = await findFreePort();
    // Temporal stores each service's membership port (frontend − 300 …) as a smallint: ≤ 32767.
    const temporal = 20_000 + Math.floor(Math.random() * 12_000);
    const needed = [web + 1, ...allTemporalPorts(temporal)];
    if (web >= 65_535 || new Set([web, postgres, ...needed]).size < needed.length + 2) continue;
    const free = await Promise.all(needed.map((port) => isPortFree(port)));
    if (free.every(Boolean)) return { web, postgres, temporal };
  }
  throw new Error("could not find free ports for the drill's stack");
}

/** Starts the topology's supervisor detached (its own group, as the bootstrap does), logging to `logFile`. */
export function launchStack(options: {
  topology: Topology;
  dataDir: string;
  ports: StackPorts;
  resendBaseUrl: string;
  logFile: string;
}): DrillStack {
  const { topology, dataDir, ports } = options;
  const log = createWriteStream(options.logFile, { flags: "a" });
  log.write(`--- ${new Date().toISOString()} starting ${topology}\n`);
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY[topology]], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...withoutExternalServices(process.env),
      MAILSTREAM_DATA_DIR: dataDir,
      PORT: String(ports.web),
      MAILSTREAM_PG_PORT: String(ports.postgres),
      MAILSTREAM_TEMPORAL_PORT: String(ports.temporal),
      // The drill measures faults, not the Web UI: cluster mode runs without it.
      MAILSTREAM_TEMPORAL_UI_BIN: "",
      EMAIL_TRANSPORT: "resend",
      RESEND_API_KEY: "re_drill",
      RESEND_BASE_URL: options.resendBaseUrl,
      EMAIL_RATE_LIMIT_RESEND: "200",
    },
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  if (child.pid === undefined) throw new Error(`could not start ${ENTRY[topology]}`);
  return {
    topology,
    webPorts: topology === "cluster" ? [ports.web, ports.web + 1] : [ports.web],
    databaseUrl: embeddedPostgresUrl(ports.postgres),
    pid: child.pid,
    processTableFile: topology === "cluster" ? path.join(dataDir, "cluster", "processes.json") : null,
  };
}

/** The drill's stacks run their own Postgres and Temporal, whatever the caller's environment names. */
function withoutExternalServices(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, TEMPORAL_ADDRESS: _temporal, MAILSTREAM_SECRET: _secret, ...rest } = env;
  return rest;
}

/** True when /api/health answers 200 with status "ok" (database, Temporal and a polling worker). */
export async function isHealthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(3_000) });
    if (response.status !== 200) return false;
    return ((await response.json()) as { status?: string }).status === "ok";
  } catch {
    return false;
  }
}

/** Waits until every web port of the stack is healthy; fails if the supervisor exits first. */
export async function waitUntilHealthy(stack: DrillStack, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(stack.webPorts.map(isHealthy));
    if (states.every(Boolean)) return;
    if (!isRunning(stack.pid)) throw new Error(`the ${stack.topology} stack exited during start-up; see ${logFile}`);
    if (Date.now() > deadline) {
      throw new Error(`the ${stack.topology} stack was not healthy within ${timeoutMs / 1000} s; see ${logFile}`);
    }
    await sleep(250);
  }
}

export function readProcessTable(stack: DrillStack): ProcessTableRow[] {
  if (!stack.processTableFile || !existsSync(stack.processTableFile)) return [];
  try {
    return (JSON.parse(readFileSync(stack.processTableFile, "utf8")) as { processes: ProcessTableRow[] }).processes;
  } catch {
    return []; // caught mid-rename; read again
  }
}

/** Stops the stack as Ctrl-C would (in order), then cuts what is left after `graceMs`. */
export async function stopStack(stack: DrillStack, graceMs = 60_000): Promise<void> {
  try {
    process.kill(stack.pid, "SIGINT");
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isRunning(stack.pid) && Date.now() < deadline) await sleep(200);
  if (isRunning(stack.pid)) cutPower(stack.pid);
}
