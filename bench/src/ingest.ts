// `pnpm bench:ingest`: events/s durably accepted (HTTP 200 = committed) through `/v1/batch`
// (--batch-size events per request from --batch-clients concurrent clients) and through
// single `/v1/track` requests (--track-clients concurrent clients, group commit), with p50/p99
// request latency, beside a RAW BASELINE measured in the same run: multi-row INSERTs of the
// same rows, columns and NOTIFY straight into Postgres with the same batch size and
// concurrency. The load comes from a separate process (ingest-load.ts, keep-alive
// connections); this process serves the real ingest handlers on node:http (the handlers the
// Next routes call) over a fresh embedded Postgres. Phases are interleaved and repeated
// (--rounds × raw/batch/track) after a warm-up; medians and the batch/raw ratio are printed,
// or one JSON object with --json. Beside rates and CPU, each phase reports the WAL bytes it
// wrote per event (a count, not a timing: steady on a busy machine); --pg-statements prints
// Postgres's own account per event of each phase, statement by statement (pg-statements.ts).
import { fork, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createEdgeLimits, ingestLimitFor } from "@mailstream/api/http/edge-limits";
import { startIngestServer } from "@mailstream/api/http/ingest-node-server";
import { closeDb, createDb } from "@mailstream/db/client";
import { migrateDatabase } from "@mailstream/db/migrate";
import { generateApiKey, insertApiKey } from "@mailstream/db/queries/api-keys";
import { createWorkspace } from "@mailstream/db/queries/workspaces";
import { findFreePort } from "@mailstream/runtime/ports";
import { startEmbeddedPostgres } from "@mailstream/runtime/postgres";
import type { LoadMode, LoadRequest, LoadResult } from "./ingest-load";
import { describeMachine, formatMachine } from "./machine";
import {
  addStatementStats,
  PG_STATEMENTS_FLAGS,
  printStatementStats,
  readStatementStats,
  resetStatementStats,
  type StatementStats,
} from "./pg-statements";
import { formatMs, summarize } from "./stats";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// `npm run bench:ingest -- --seconds 5` reaches us through pnpm with the `--` still in argv.
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    warmup: { type: "string", default: "2" },
    "batch-size": { type: "string", default: "100" },
    "batch-clients": { type: "string", default: "4" },
    "track-clients": { type: "string", default: "50" },
    modes: { type: "string", default: "raw,batch,track" },
    json: { type: "boolean", default: false },
    "pg-statements": { type: "boolean", default: false },
  },
});
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const warmupSeconds = Number(args.warmup);
const batchSize = Number(args["batch-size"]);
const batchClients = Number(args["batch-clients"]);
const trackClients = Number(args["track-clients"]);
const MODES: readonly LoadMode[] = ["raw", "statement", "batch", "track"];
const modes = args.modes.split(",").filter((m): m is LoadMode => (MODES as readonly string[]).includes(m));
const pgStatements = args["pg-statements"];

const TSX_LOADER = pathToFileURL(
  path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "loader.mjs"),
).href;

function startLoadProcess(): Promise<{
  run(request: LoadRequest): Promise<LoadResult>;
  stop(): Promise<void>;
  child: ChildProcess;
}> {
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "ingest-load.ts");
  const child = fork(entry, [], { execArgv: ["--import", TSX_LOADER], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the load process exited (${code}) during start-up`)));
    child.once("message", () =>
      resolve({
        child,
        run: (request) =>
          new Promise((done) => {
            child.once("message", (result) => done(result as LoadResult));
            child.send(request);
          }),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.send("exit");
          }),
      }),
    );
  });
}

/** CPU time (µs) of the postmaster and its children (backends, WAL writer…) from /proc; 0 where there is no /proc. */
function postgresCpuMicros(dataDir: string): number {
  try {
    const postmaster = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]!.trim();
    const tick = 1_000_000 / 100; // USER_HZ is 100 on Linux
    let total = 0;
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ");
      if (!stat) continue;
      // utime + stime of live backends; the postmaster's cutime + cstime hold those that exited.
      if (pid === postmaster)
        total += (Number(stat[11]) + Number(stat[12]) + Number(stat[13]) + Number(stat[14])) * tick;
      else if (stat[1] === postmaster) total += (Number(stat[11]) + Number(stat[12])) * tick;
    }
    return total;
  } catch {
    return 0;
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  log(`starting a fresh embedded Postgres (${rounds} rounds × ${modes.join("/")} of ${seconds} s)…`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-bench-ingest-"));
  chmodSync(dir, 0o755); // as root, Postgres runs as its own user and must enter this folder
  const pgDir = path.join(dir, "pg");
  const postgres = await startEmbeddedPostgres({
    dataDir: pgDir,
    port: await findFreePort(),
    ...(pgStatements ? { postgresFlags: PG_STATEMENTS_FLAGS } : {}),
  });
  await migrateDatabase(postgres.url);
  const { db, pool } = createDb(postgres.url);
  pool.on("error", () => {});
  /** Bytes of WAL written so far (the insert position): a phase's difference is what it wrote. */
  const walPosition = async () =>
    Number(
      (await pool.query<{ bytes: string }>("select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0') as bytes"))
        .rows[0]!.bytes,
    );
  // The per-key limit stays on (its cost is part of what is measured) but above the track
  // phase's request rate, which the default (1,000/s) would turn into 429s.
  const limits = createEdgeLimits(db, { ingest: ingestLimitFor(10_000, 20_000) });
  const server = await startIngestServer(db, 0, limits);
  const load = await startLoadProcess();
  try {
    const workspace = await createWorkspace(db, { name: "Ingest bench", slug: `bench-${randomUUID().slice(0, 8)}` });
    const writeKey = generateApiKey("write");
    await insertApiKey(db, workspace.id, "write", writeKey);
    const base = {
      url: server.url,
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`,
      databaseUrl: postgres.url,
      workspaceId: workspace.id,
      batchSize,
    };
    const request = (mode: LoadMode, phaseSeconds: number): LoadRequest => ({
      ...base,
      mode,
      seconds: phaseSeconds,
      clients: mode === "track" ? trackClients : batchClients,
    });

    if (warmupSeconds > 0) for (const mode of modes) await load.run(request(mode, warmupSeconds));
    const results: Record<LoadMode, LoadResult[]> = { raw: [], statement: [], batch: [], track: [] };
    // CPU per event of the server (this process) and of the load process: robust to a busy
    // machine where throughput is not, so optimisations can be compared across runs.
    const serverCpu: Record<LoadMode, number[]> = { raw: [], statement: [], batch: [], track: [] };
    const pgCpu: Record<LoadMode, number[]> = { raw: [], statement: [], batch: [], track: [] };
    const walBytes: Record<LoadMode, number[]> = { raw: [], statement: [], batch: [], track: [] };
    // pg_stat_statements counts per phase: zeroed before each, read after, summed by mode.
    const statements = new Map(modes.map((mode) => [mode, new Map<string, StatementStats>()]));
    for (let round = 1; round <= rounds; round++) {
      const line: string[] = [];
      for (const mode of modes) {
        if (pgStatements) await resetStatementStats(pool);
        const walBefore = await walPosition();
        const cpuBefore = process.cpuUsage();
        const pgBefore = postgresCpuMicros(pgDir);
        const result = await load.run(request(mode, seconds));
        const cpu = process.cpuUsage(cpuBefore);
        serverCpu[mode].push(cpu.user + cpu.system);
        pgCpu[mode].push(postgresCpuMicros(pgDir) - pgBefore);
        walBytes[mode].push((await walPosition()) - walBefore);
        if (pgStatements) addStatementStats(statements.get(mode)!, await readStatementStats(pool));
        if (result.firstError) log(`${mode}: ${result.failures} failed, first: ${result.firstError}`);
        results[mode].push(result);
        line.push(`${mode} ${(result.events / result.seconds).toFixed(0)}/s`);
      }
      log(`round ${round}: ${line.join("  ")}`);
    }

    const rate = (r: LoadResult) => r.events / r.seconds;
    const phases = modes.map((mode) => {
      const runs = results[mode];
      const latency = summarize(runs.flatMap((r) => r.latencies));
      return {
        mode,
        eventsPerSecond: median(runs.map(rate)),
        rounds: runs.map((r) => Math.round(rate(r))),
        p50Ms: latency?.p50 ?? null,
        p99Ms: latency?.p99 ?? null,
        events: runs.reduce((sum, r) => sum + r.events, 0),
        serverCpuMicrosPerEvent: median(runs.map((r, i) => serverCpu[mode][i]! / Math.max(r.events, 1))),
        clientCpuMicrosPerEvent: median(runs.map((r) => r.cpuMicros / Math.max(r.events, 1))),
        postgresCpuMicrosPerEvent: median(runs.map((r, i) => pgCpu[mode][i]! / Math.max(r.events, 1))),
        walBytesPerEvent: median(runs.map((r, i) => walBytes[mode][i]! / Math.max(r.events, 1))),
        failures: runs.reduce((sum, r) => sum + r.failures, 0),
      };
    });
    // Per round, each ratio compares phases measured back to back; the median of those is the figure.
    const ratio = (mode: LoadMode) =>
      results.raw.length > 0 && results[mode].length > 0
        ? median(results[mode].map((r, i) => rate(r) / rate(results.raw[i]!)))
        : null;
    // Total CPU (server + load process + Postgres) per event, raw over mode: what the throughput
    // ratio tends to when the cores are the bottleneck — stable under outside load, unlike events/s.
    const cpuOf = (mode: LoadMode) => {
      const p = phases.find((phase) => phase.mode === mode);
      return p ? p.serverCpuMicrosPerEvent + p.clientCpuMicrosPerEvent + p.postgresCpuMicrosPerEvent : null;
    };
    const cpuRatio = (mode: LoadMode) => {
      const raw = cpuOf("raw");
      const other = cpuOf(mode);
      return raw !== null && other !== null && other > 0 ? raw / other : null;
    };
    const summary = {
      machine: describeMachine(),
      loadAverage: os.loadavg(),
      settings: { seconds, rounds, warmupSeconds, batchSize, batchClients, trackClients },
      phases,
      batchToRaw: ratio("batch"),
      trackToRaw: ratio("track"),
      statementToRaw: ratio("statement"),
      batchToRawByCpu: cpuRatio("batch"),
      trackToRawByCpu: cpuRatio("track"),
    };
    if (pgStatements)
      for (const phase of phases) {
        log(`--- ${phase.mode}:`);
        await printStatementStats(pool, {
          rows: [...statements.get(phase.mode)!.values()],
          units: phase.events,
          unit: "event",
          limit: 8,
          print: log,
        });
      }
    if (args.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    const unit = (mode: LoadMode) =>
      mode === "track" ? `${trackClients} clients × 1` : `${batchClients} clients × ${batchSize}`;
    const pct = (value: number | null) => (value === null ? "-" : `${(value * 100).toFixed(0)}%`);
    process.stdout.write(
      [
        "",
        `Ingest throughput (durably committed), median of ${rounds} interleaved rounds of ${seconds} s — ${formatMachine(summary.machine)}, load ${summary.loadAverage.map((l) => l.toFixed(1)).join(" ")}`,
        ...phases.map(
          (p) =>
            `${p.mode.padEnd(9)} ${p.eventsPerSecond.toFixed(0).padStart(7)} events/s  ${unit(p.mode).padEnd(18)} p50 ${p.p50Ms === null ? "-" : formatMs(p.p50Ms)}  p99 ${p.p99Ms === null ? "-" : formatMs(p.p99Ms)}  rounds ${p.rounds.join(" / ")}  cpu/event µs: server ${p.serverCpuMicrosPerEvent.toFixed(1)} client ${p.clientCpuMicrosPerEvent.toFixed(1)} postgres ${p.postgresCpuMicrosPerEvent.toFixed(1)}  WAL/event ${p.walBytesPerEvent.toFixed(0)} B  (${p.failures} failed)`,
        ),
        `batch / raw = ${pct(summary.batchToRaw)} (target ≥ 60%)   track / raw = ${pct(summary.trackToRaw)}` +
          (summary.statementToRaw === null ? "" : `   statement / raw = ${pct(summary.statementToRaw)}`),
        `by total CPU per event (server + load + Postgres): batch / raw = ${pct(summary.batchToRawByCpu)}   track / raw = ${pct(summary.trackToRawByCpu)}`,
        "",
      ].join("\n"),
    );
  } finally {
    await load.stop();
    await server.close();
    await closeDb(postgres.url).catch(() => {});
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
