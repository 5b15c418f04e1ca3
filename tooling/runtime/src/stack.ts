// The whole product on given ports and a data folder: embedded Postgres and Temporal dev
// server (unless external ones are given), migrations, the demo workspace, then the
// worker, the dispatcher and the web app, ready once GET /api/health answers 200.
// `npm start` (start.ts) and the e2e global setup both run it.
import { chmodSync, mkdirSync } from "node:fs";
import path from "node:path";
import { migrateDatabase } from "@mailstream/db/migrate";
import { closeDb } from "@mailstream/db/client";
import { loadOrCreateDemoOwnerLogin, type DemoOwnerLogin } from "@mailstream/auth/demo-owner";
import { loadOrCreateDemoKeys, seedDemo, type DemoKeys } from "./demo-workspace";
import { loadOrCreateSecret } from "./secret";
import { tryLock } from "./pid-lock";
import { assertStackPortsFree } from "./stack-ports";
import { resolvePostgresDataDir } from "./postgres-data-dir";
import { embeddedPostgresUrl, startEmbeddedPostgres, type RunningPostgres } from "./postgres";
import { startTemporalDevServer, type RunningTemporal } from "./temporal-server";
import { killOnExit, type ServiceExit, type ServiceProcess } from "./service-process";
import { spawnAppServices, waitForHealth } from "./stack-services";
import { ensureWebBuild } from "./web-build";

export interface StackOptions {
  /** Holds `postgres/`, `temporal.sqlite` and `demo-keys.json`; created if missing. */
  dataDir: string;
  webPort: number;
  /** Used for the embedded Postgres, i.e. when `databaseUrl` is not given. */
  postgresPort: number;
  /** Used for the embedded Temporal dev server, i.e. when `temporalAddress` is not given. */
  temporalPort: number;
  /** Temporal Web UI of the dev server; null runs it headless. */
  temporalUiPort: number | null;
  databaseUrl?: string;
  temporalAddress?: string;
  temporalNamespace?: string;
  /** Base URL in links inside emails; defaults to http://localhost:<webPort>. */
  publicUrl?: string;
  /** Environment the children inherit (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Every line of output of every part, tagged with its source (`web`, `worker`, …). */
  log: (source: string, line: string) => void;
  /** Aborting stops a start-up in progress (Ctrl-C during `next build`). */
  signal?: AbortSignal;
  healthTimeoutMs?: number;
}

export interface RunningStack {
  webUrl: string;
  publicUrl: string;
  temporalUiUrl: string | null;
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  keys: DemoKeys;
  /** The demo owner's sign-in, printed beside the keys (kept in `<dataDir>/demo-owner.json`, 0600). */
  login: DemoOwnerLogin;
  workspaceId: string;
  /** Settles with the first part that exited on its own; stays pending once stop() began. */
  unexpectedExit: Promise<ServiceExit>;
  /** Stops the app processes first, then Temporal, then Postgres. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const isEmbeddedPostgres = !options.databaseUrl;
  const isEmbeddedTemporal = !options.temporalAddress;
  mkdirSync(options.dataDir, { recursive: true });
  // As root, Postgres runs as its own user, which must be able to enter this folder.
  chmodSync(options.dataDir, 0o755);
  // Two stacks on one data folder would fight over Postgres's files and the demo keys.
  const dataLock = tryLock(path.join(options.dataDir, "mailstream.pid"));
  if ("holder" in dataLock) {
    throw new Error(
      `Mailstream is already running with data in ${options.dataDir} (pid ${dataLock.holder}); stop it first.`,
    );
  }
  try {
    await assertStackPortsFree(options, { isEmbeddedPostgres, isEmbeddedTemporal });
  } catch (error) {
    dataLock.release();
    throw error;
  }

  const log = options.log;
  const namespace = options.temporalNamespace ?? "default";
  const publicUrl = options.publicUrl ?? `http://localhost:${options.webPort}`;
  let postgres: RunningPostgres | undefined;
  let temporal: RunningTemporal | undefined;
  let services: ServiceProcess[] = [];
  let isStopping = false;
  let reportExit: (exit: ServiceExit) => void = () => {};
  const unexpectedExit = new Promise<ServiceExit>((resolve) => {
    reportExit = (exit) => {
      if (!isStopping) resolve(exit);
    };
  });

  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    await Promise.allSettled(services.map((service) => service.stop()));
    if (temporal) await temporal.stop().catch((error: unknown) => log("stack", `stopping temporal: ${String(error)}`));
    if (postgres) await postgres.stop().catch((error: unknown) => log("stack", `stopping postgres: ${String(error)}`));
    dataLock.release();
  };

  try {
    const databaseUrl = options.databaseUrl ?? embeddedPostgresUrl(options.postgresPort);
    const temporalAddress = options.temporalAddress ?? `127.0.0.1:${options.temporalPort}`;
    const childEnv: NodeJS.ProcessEnv = {
      ...(options.env ?? process.env),
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      MAILSTREAM_PUBLIC_URL: publicUrl,
      MAILSTREAM_SECRET: (options.env ?? process.env).MAILSTREAM_SECRET ?? loadOrCreateSecret(options.dataDir),
      PORT: String(options.webPort),
      NEXT_TELEMETRY_DISABLED: "1",
    };
    // Run inspector links go to the dev server's UI on the port it really has (unless set).
    if (isEmbeddedTemporal && options.temporalUiPort && !childEnv.TEMPORAL_UI_URL)
      childEnv.TEMPORAL_UI_URL = `http://localhost:${options.temporalUiPort}`;

    const postgresDataDir = isEmbeddedPostgres
      ? resolvePostgresDataDir(options.dataDir, (line) => log("stack", line))
      : "";
    // The three slow steps are independent: run them side by side, and when one fails,
    // cut the build short rather than wait minutes to report it.
    const startup = new AbortController();
    options.signal?.addEventListener("abort", () => startup.abort(), { once: true });
    const failFast = <T>(promise: Promise<T>) =>
      promise.catch((error: unknown) => {
        startup.abort();
        throw error;
      });
    const [postgresResult, temporalResult, buildResult] = await Promise.allSettled([
      isEmbeddedPostgres
        ? failFast(
            startEmbeddedPostgres({
              dataDir: postgresDataDir,
              port: options.postgresPort,
              onOutput: (text) => logLines(log, "postgres", text, /ERROR|FATAL|PANIC|WARNING/),
            }),
          )
        : Promise.resolve(undefined),
      isEmbeddedTemporal
        ? failFast(
            startTemporalDevServer({
              dbFile: path.join(options.dataDir, "temporal.sqlite"),
              port: options.temporalPort,
              uiPort: options.temporalUiPort,
              namespaces: [namespace],
              detached: true,
              // Its start-up banner repeats what we print; its shutdown chatter is noise.
              onOutput: (text) => {
                if (!isStopping) logLines(log, "temporal", text, /level=(WARN|ERROR)|panic|fatal/i);
              },
            }),
          )
        : Promise.resolve(undefined),
      failFast(ensureWebBuild({ env: childEnv, log, signal: startup.signal })),
    ]);
    postgres = postgresResult.status === "fulfilled" ? postgresResult.value : undefined;
    temporal = temporalResult.status === "fulfilled" ? temporalResult.value : undefined;
    for (const result of [postgresResult, temporalResult, buildResult])
      if (result.status === "rejected") throw result.reason;
    postgres?.onExit((code) => reportExit({ name: "postgres", code, signal: null }));
    if (temporal) {
      killOnExit(temporal.process);
      temporal.process.once("exit", (code, signal) => reportExit({ name: "temporal", code, signal }));
    }
    log(
      "stack",
      postgres
        ? `postgres ready (${postgresDataDir}, port ${options.postgresPort})`
        : "using external Postgres from DATABASE_URL",
    );
    log(
      "stack",
      temporal ? `temporal dev server ready on ${temporalAddress}` : `using external Temporal at ${temporalAddress}`,
    );
    throwIfAborted(options.signal);

    await migrateDatabase(databaseUrl);
    await closeDb(databaseUrl);
    const keys = loadOrCreateDemoKeys(options.dataDir);
    const login = loadOrCreateDemoOwnerLogin(options.dataDir);
    const { workspaceId } = await seedDemo(databaseUrl, keys, login);
    log("stack", "database migrated, demo workspace ready");
    throwIfAborted(options.signal);

    services = spawnAppServices({ env: childEnv, webPort: options.webPort, log });
    for (const service of services) void service.exited.then(reportExit);
    await waitForHealth({
      url: `http://127.0.0.1:${options.webPort}/api/health`,
      timeoutMs: options.healthTimeoutMs ?? 180_000,
      unexpectedExit,
      signal: options.signal,
    });
    return {
      webUrl: `http://localhost:${options.webPort}`,
      publicUrl,
      temporalUiUrl: temporal?.uiUrl ?? null,
      databaseUrl,
      temporalAddress,
      temporalNamespace: namespace,
      keys,
      login,
      workspaceId,
      unexpectedExit,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error("start-up was interrupted");
}

function logLines(log: StackOptions["log"], source: string, text: string, only?: RegExp): void {
  for (const line of text.split(/\r?\n/)) if (line.trim() && (!only || only.test(line))) log(source, line);
}
