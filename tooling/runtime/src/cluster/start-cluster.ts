// `npm run start:cluster`: Mailstream as it runs past one machine, here on one: the embedded
// Postgres (its own data under .data/cluster), the real Temporal server on it (frontend,
// history, matching and worker as separate processes), then two workers, two dispatchers and
// two web processes. Every process logs to its own file under .data/cluster/logs/ and is an
// entry of the process table (process-table.ts, mirrored to .data/cluster/processes.json):
// one that dies is restarted. Ctrl-C stops them in order; if npm dies, so does everything.
import { createWriteStream, mkdirSync, chmodSync, type WriteStream } from "node:fs";
import path from "node:path";
import { loadOrCreateDemoOwnerLogin } from "@mailstream/auth/demo-owner";
import { closeDb } from "@mailstream/db/client";
import { migrateDatabase } from "@mailstream/db/migrate";
import { formatBanner } from "../banner";
import { loadOrCreateDemoKeys, seedDemo } from "../demo-workspace";
import { tryLock } from "../pid-lock";
import { isPortFree, waitForPort } from "../ports";
import { resolvePostgresDataDir } from "../postgres-data-dir";
import {
  EMBEDDED_POSTGRES_PASSWORD,
  EMBEDDED_POSTGRES_USER,
  embeddedPostgresUrl,
  startEmbeddedPostgres,
} from "../postgres";
import { createPrefixedLog } from "../prefixed-log";
import { loadOrCreateSecret } from "../secret";
import { spawnService } from "../service-process";
import { ENTRY_POINTS, TSX_LOADER, waitForHealth, webListenHost, webServerArgs } from "../stack-services";
import { watchParent } from "../supervision/parent-watch";
import { startReaper } from "../supervision/reaper";
import { findTemporalCli, REPO_ROOT } from "../tools";
import { ensureWebBuild, STACK_DIST_DIR, WEB_DIR } from "../web-build";
import { ensureRunSearchAttributes } from "../temporal-search-attributes";
import { readClusterSettings, type ClusterSettings } from "./cluster-settings";
import { ProcessTable, type ProcessSpec } from "./process-table";
import {
  allTemporalPorts,
  ensureNamespace,
  ensureTemporalSchema,
  fixShardCount,
  TEMPORAL_SERVICES,
  temporalClusterPorts,
  writeTemporalConfig,
  writeTemporalUiConfig,
} from "./temporal-cluster";

const log = createPrefixedLog();
const say = (line: string) => log("cluster", line);

// embedded-postgres stops Postgres and exits on SIGINT/SIGTERM; the supervisor owns shutdown.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeAllListeners(signal);

/** Stop order: what serves traffic first, the database last. */
const STOP_ORDER = [
  ["web-1", "web-2"],
  ["dispatcher-1", "dispatcher-2"],
  ["worker-1", "worker-2"],
  ["temporal-ui"],
  TEMPORAL_SERVICES.map((service) => `temporal-${service}`),
  ["postgres"],
];

let table: ProcessTable | undefined;
let shutdown: Promise<void> | undefined;
let release: () => void = () => {};

/**
 * The cluster's Postgres holds Temporal's persistence and visibility beside Mailstream's data
 * (about 1.2 GB after an hour of benchmarks, visibility 0.7 GB of it), where Postgres's defaults
 * keep 128 MB of shared buffers and checkpoint every 5 minutes: backends write dirty pages out
 * themselves and each checkpoint restarts the full-page images in the WAL, so commits' fsyncs
 * queue behind more writes. Measured (docs/performance.md, "120 s holds on a quiet machine, and
 * the cluster's Postgres"): p99 accepted → sent 1.5 s and 14.3 s at 14 starts/s with the
 * defaults; 127 ms at 14/s and 234–287 ms at 20/s with these.
 * Sized for one machine with a few GB to spare; on real hosts size them to the host.
 */
const CLUSTER_POSTGRES_FLAGS = [
  "-c",
  "shared_buffers=1GB",
  "-c",
  "wal_compression=pglz",
  "-c",
  "checkpoint_timeout=15min",
  "-c",
  "max_wal_size=4GB",
];

function stopAll(exitCode: number, reason: string): Promise<void> {
  shutdown ??= (async () => {
    say(`${reason}; stopping…`);
    await table?.stop(STOP_ORDER);
    release();
    say("stopped");
    process.exit(exitCode);
  })();
  return shutdown;
}

let signalCount = 0;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    signalCount += 1;
    if (signalCount >= 3) process.exit(130); // the reaper stops what is left
    void stopAll(0, `received ${signal}`);
  });
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const settings = readClusterSettings(process.env);
  const { dataDir } = settings;
  const logDir = path.join(dataDir, "logs");
  mkdirSync(logDir, { recursive: true });
  chmodSync(dataDir, 0o755); // as root, Postgres runs as its own user and must enter it
  const lock = tryLock(path.join(dataDir, "mailstream.pid"));
  if ("holder" in lock) throw new Error(`cluster mode already runs with data in ${dataDir} (pid ${lock.holder})`);
  release = lock.release;
  await assertPortsFree(settings);
  startReaper();
  watchParent(() => void stopAll(1, "the parent process (npm or the terminal) died"));
  const { shards, isNew } = fixShardCount(path.join(dataDir, "temporal"), settings.historyShards);
  say(`starting cluster mode (data in ${path.relative(process.cwd(), dataDir)}, ${shards} history shards)`);

  const processes = new ProcessTable({ stateFile: path.join(dataDir, "processes.json"), log: say });
  table = processes;
  const logFile = (name: string) => path.join(logDir, `${name}.log`);
  const databaseUrl = embeddedPostgresUrl(settings.postgresPort);
  const temporalAddress = `127.0.0.1:${settings.temporalPort}`;
  const publicUrl = settings.publicUrl ?? `http://localhost:${settings.webPorts[0]}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: settings.temporalNamespace,
    MAILSTREAM_PUBLIC_URL: publicUrl,
    MAILSTREAM_SECRET: process.env.MAILSTREAM_SECRET ?? loadOrCreateSecret(dataDir),
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
  // The run page's "Open in Temporal" link goes to this cluster's UI (when it is installed).
  if (settings.temporalUiBin && !childEnv.TEMPORAL_UI_URL)
    childEnv.TEMPORAL_UI_URL = `http://localhost:${settings.temporalUiPort}`;

  const postgresDir = resolvePostgresDataDir(dataDir, say);
  const postgresLog = openLog(logFile("postgres"));
  // The web build (minutes when sources changed) runs beside the Postgres and Temporal set-up.
  const webBuild = ensureWebBuild({ env: childEnv, log });
  webBuild.catch(() => {}); // awaited below; a failure there stops start-up
  await processes.add({
    name: "postgres",
    logFile: logFile("postgres"),
    kind: "process",
    stopSignal: "SIGINT", // fast shutdown; SIGTERM would wait for every client to leave
    start: async () => {
      const running = await startEmbeddedPostgres({
        dataDir: postgresDir,
        port: settings.postgresPort,
        postgresFlags: CLUSTER_POSTGRES_FLAGS,
        onOutput: (text) => postgresLog.write(text.endsWith("\n") ? text : `${text}\n`),
      });
      if (!running.process) throw new Error("embedded-postgres did not expose the server process");
      return running.process;
    },
  });
  say(`postgres ready on port ${settings.postgresPort}`);

  const temporalPostgres = {
    host: "127.0.0.1",
    port: settings.postgresPort,
    user: EMBEDDED_POSTGRES_USER,
    password: EMBEDDED_POSTGRES_PASSWORD,
  };
  await ensureTemporalSchema({
    sqlTool: settings.temporalSqlToolBin,
    schemaDir: settings.temporalSchemaDir,
    postgres: temporalPostgres,
  });
  const temporalRoot = path.join(dataDir, "temporal");
  writeTemporalConfig({ root: temporalRoot, postgres: temporalPostgres, shards, frontendPort: settings.temporalPort });
  say(`temporal schema ${isNew ? "created" : "up to date"}; starting its services`);
  const startTemporalService = (service: (typeof TEMPORAL_SERVICES)[number]) =>
    processes.add(
      serviceSpec(`temporal-${service}`, logFile(`temporal-${service}`), {
        command: settings.temporalServerBin,
        args: [
          "--root",
          temporalRoot,
          "--config",
          "config",
          "--env",
          "cluster",
          "--allow-no-auth",
          "start",
          "--service",
          service,
        ],
        cwd: temporalRoot,
        env: { ...process.env },
      }),
    );
  // History first: on a fresh cluster the first service to start writes the cluster metadata,
  // and services racing to do so fail once with a version mismatch (then restart).
  await startTemporalService("history");
  await waitForPort(temporalClusterPorts(settings.temporalPort).grpc.history, 120_000);
  await Promise.all(TEMPORAL_SERVICES.filter((service) => service !== "history").map(startTemporalService));
  await waitForPort(settings.temporalPort, 120_000);
  await ensureNamespace({
    cli: findTemporalCli(),
    address: temporalAddress,
    namespace: settings.temporalNamespace,
    timeoutMs: 120_000,
  });
  await ensureRunSearchAttributes({
    cli: findTemporalCli(),
    address: temporalAddress,
    namespace: settings.temporalNamespace,
  });
  say(`temporal ready on ${temporalAddress} (namespace ${settings.temporalNamespace})`);
  if (settings.temporalUiBin) {
    const uiRoot = path.join(dataDir, "temporal-ui");
    writeTemporalUiConfig({ root: uiRoot, temporalAddress, port: settings.temporalUiPort });
    await processes.add(
      serviceSpec("temporal-ui", logFile("temporal-ui"), {
        command: settings.temporalUiBin,
        args: ["--root", uiRoot, "start"],
        cwd: uiRoot,
        env: { ...process.env },
      }),
    );
  }

  await migrateDatabase(databaseUrl);
  await closeDb(databaseUrl);
  const keys = loadOrCreateDemoKeys(dataDir);
  const login = loadOrCreateDemoOwnerLogin(dataDir);
  await seedDemo(databaseUrl, keys, login);
  say("database migrated, demo workspace ready");

  await webBuild;
  for (const copy of [1, 2]) {
    for (const { name, dir, entry } of ENTRY_POINTS) {
      await processes.add(
        serviceSpec(`${name}-${copy}`, logFile(`${name}-${copy}`), {
          command: process.execPath,
          args: ["--enable-source-maps", "--import", TSX_LOADER, entry],
          cwd: path.join(REPO_ROOT, dir),
          env: childEnv,
        }),
      );
    }
  }
  settings.webPorts.forEach((port, index) => {
    void processes.add(
      serviceSpec(`web-${index + 1}`, logFile(`web-${index + 1}`), {
        command: process.execPath,
        args: webServerArgs(port, webListenHost(childEnv)),
        cwd: WEB_DIR,
        env: { ...childEnv, PORT: String(port), MAILSTREAM_NEXT_DIST_DIR: STACK_DIST_DIR },
      }),
    );
  });
  await Promise.all(
    settings.webPorts.map((port) =>
      waitForHealth({
        url: `http://127.0.0.1:${port}/api/health`,
        timeoutMs: 240_000,
        unexpectedExit: new Promise(() => {}), // the table restarts what dies
      }),
    ),
  );
  if (shutdown) return;
  printBanner(settings, processes, keys, login, temporalAddress, Date.now() - startedAt);
}

/** A child in its own process group whose output goes to its log file. */
function serviceSpec(
  name: string,
  file: string,
  command: { command: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv },
): ProcessSpec {
  const out = openLog(file);
  return {
    name,
    logFile: file,
    kind: "group",
    start: async () => {
      out.write(`--- ${new Date().toISOString()} starting ${name}\n`);
      return spawnService({ name, ...command, onLine: (_source, line) => out.write(`${line}\n`) }).child;
    },
  };
}

function openLog(file: string): WriteStream {
  return createWriteStream(file, { flags: "a" });
}

async function assertPortsFree(settings: ClusterSettings): Promise<void> {
  const needs: Array<[number, string]> = [
    [settings.webPorts[0], "web-1 (PORT)"],
    [settings.webPorts[1], "web-2 (PORT + 1)"],
    [settings.postgresPort, "Postgres (MAILSTREAM_PG_PORT)"],
    ...(settings.temporalUiBin
      ? [[settings.temporalUiPort, "the Temporal UI (MAILSTREAM_TEMPORAL_UI_PORT)"] as [number, string]]
      : []),
    ...allTemporalPorts(settings.temporalPort).map((port): [number, string] => [
      port,
      "a Temporal service (MAILSTREAM_TEMPORAL_PORT and the ports derived from it)",
    ]),
  ];
  const taken: string[] = [];
  for (const [port, what] of needs) if (!(await isPortFree(port))) taken.push(`  - port ${port}, needed by ${what}`);
  if (taken.length > 0) throw new Error(`cannot start cluster mode, ports in use:\n${taken.join("\n")}`);
}

function printBanner(
  settings: ClusterSettings,
  processes: ProcessTable,
  keys: { writeKey: string; secretKey: string },
  login: { email: string; password: string },
  temporalAddress: string,
  elapsedMs: number,
): void {
  const relative = (file: string) => path.relative(process.cwd(), file);
  process.stdout.write(
    formatBanner({
      webUrl: `http://localhost:${settings.webPorts[0]}`,
      temporalLine: settings.temporalUiBin
        ? `Temporal UI: http://localhost:${settings.temporalUiPort}`
        : `Temporal: ${temporalAddress} (namespace ${settings.temporalNamespace})`,
      login,
      keys,
      extraLines: [
        `Also serving: http://localhost:${settings.webPorts[1]} (second web process)`,
        `Temporal server: ${temporalAddress} (namespace ${settings.temporalNamespace}, ${settings.historyShards} history shards, fixed at creation)`,
        `Processes: ${relative(path.join(settings.dataDir, "processes.json"))} (each is restarted if it dies)`,
        "Logs:",
        ...processes.rows().map((row) => `  ${row.name.padEnd(18)} ${relative(row.logFile)}`),
        `Started in ${(elapsedMs / 1000).toFixed(1)} s`,
      ],
    }),
  );
}

main().catch((error: unknown) => {
  if (shutdown) return;
  process.stderr.write(`\n[cluster] ${error instanceof Error ? error.message : String(error)}\n`);
  void stopAll(1, "start-up failed");
});
