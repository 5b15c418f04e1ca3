// The dispatcher as its own process (`node --import tsx src/main.ts` in apps/dispatcher, as the
// supervisor runs it) against a database and Temporal namespace of the test file's own: an
// unscoped dispatcher would claim other test files' events. Call at a test file's top level.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { closeDb } from "@mailstream/db/client";
import { migrateDatabase } from "@mailstream/db/migrate";
import { testEnv } from "./test-env";
import { Connection } from "@temporalio/client";
import pg from "pg";
import { afterAll, afterEach, beforeAll } from "vitest";

const DISPATCHER_DIR = fileURLToPath(new URL("../../../apps/dispatcher", import.meta.url));
const TSX_LOADER = pathToFileURL(
  path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "loader.mjs"),
).href;

export interface DispatcherProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
}

export interface IsolatedDispatcher {
  databaseUrl: string;
  namespace: string;
  /** Connected in beforeAll: read it inside tests. */
  readonly connection: Connection;
  /** The environment a healthy dispatcher gets: this file's database and namespace. */
  readonly env: Record<string, string>;
  /** Spawns main.ts with only PATH, HOME and `vars` in its environment. */
  spawn(vars: Record<string, string>): DispatcherProcess;
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: testEnv().databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export function useIsolatedDispatcher(options: { databasePrefix: string; namespace: string; setUpTimeoutMs?: number }): IsolatedDispatcher {
  const database = `${options.databasePrefix}_${randomUUID().slice(0, 8)}`;
  const env = testEnv();
  const databaseUrl = env.databaseUrl.replace(/\/[^/]+$/, `/${database}`);
  const children: ChildProcess[] = [];
  let connection: Connection | undefined;

  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });
  beforeAll(async () => {
    await admin(`CREATE DATABASE "${database}"`);
    await migrateDatabase(databaseUrl);
    connection = await Connection.connect({ address: env.temporalAddress });
    await connection.workflowService
      // The proto type wants a Long; a plain number encodes the same (the SDK's msToTs does this).
      .registerNamespace({ namespace: options.namespace, workflowExecutionRetentionPeriod: { seconds: 86_400 } as never })
      .catch((error: { code?: number }) => {
        if (error.code !== 6) throw error; // 6 = ALREADY_EXISTS
      });
  }, options.setUpTimeoutMs);
  afterAll(async () => {
    await connection?.close();
    await closeDb(databaseUrl);
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  return {
    databaseUrl,
    namespace: options.namespace,
    get connection(): Connection {
      if (!connection) throw new Error("the Temporal connection opens in beforeAll: use it inside a test");
      return connection;
    },
    env: { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: env.temporalAddress, TEMPORAL_NAMESPACE: options.namespace },
    spawn(vars) {
      const child = spawn(process.execPath, ["--import", TSX_LOADER, "src/main.ts"], {
        cwd: DISPATCHER_DIR,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...vars },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let output = "";
      child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      return { child, exited, output: () => output };
    },
  };
}
