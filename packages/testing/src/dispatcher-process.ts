// The dispatcher as its own process (`node --import tsx src/main.ts` in apps/dispatcher, as the
// supervisor runs it) against a database and Temporal namespace of the test file's own: an
// unscoped dispatcher would claim other test files' events. A vitest fixture:
//   import { dispatcherProcessTest } from "@mailstream/testing/dispatcher-process";
//   dispatcherProcessTest.override({ dispatcherProcessOptions: { databasePrefix: "ms_x", namespace: "mailstream-x-test" } });
//   dispatcherProcessTest("…", async ({ isolated }) => { const dispatcher = isolated.spawn(isolated.env); });
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
import { test as base } from "vitest";

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
  /** A Temporal connection, open for the file's tests. */
  connection: Connection;
  /** The environment a healthy dispatcher gets: this file's database and namespace. */
  env: Record<string, string>;
  /** Spawns main.ts with only PATH, HOME and `vars` in its environment; killed (SIGKILL) after the test if still running. */
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

export interface DispatcherProcessOptions {
  /** The file's database is `<databasePrefix>_<random>`, created and migrated for it, dropped after it. */
  databasePrefix: string;
  /** The file's Temporal namespace, registered if missing. */
  namespace: string;
}

function spawnDispatcher(vars: Record<string, string>): DispatcherProcess {
  const child = spawn(process.execPath, ["--import", TSX_LOADER, "src/main.ts"], {
    cwd: DISPATCHER_DIR,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...vars },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/**
 * `isolated`: the file's own database and namespace (file-scoped: made on first use, dropped after
 * the file's tests), a Temporal connection, the healthy env, and `spawn`, whose children still
 * running when the test ends are killed. `dispatcherProcessOptions` (file-scoped, override it at
 * the file's top level) names the database and namespace.
 */
export const dispatcherProcessTest = base
  .extend("dispatcherProcessOptions", { scope: "file" }, {
    databasePrefix: "ms_dispatcher",
    namespace: "mailstream-dispatcher-test",
  } as DispatcherProcessOptions)
  .extend("dispatcherProcessFile", { scope: "file" }, async ({ dispatcherProcessOptions: options }, { onCleanup }) => {
    const database = `${options.databasePrefix}_${randomUUID().slice(0, 8)}`;
    const env = testEnv();
    const databaseUrl = env.databaseUrl.replace(/\/[^/]+$/, `/${database}`);
    const connection = await Connection.connect({ address: env.temporalAddress });
    onCleanup(async () => {
      await connection.close();
      await closeDb(databaseUrl);
      await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    });
    await admin(`CREATE DATABASE "${database}"`);
    await migrateDatabase(databaseUrl);
    await connection.workflowService
      // The proto type wants a Long; a plain number encodes the same (the SDK's msToTs does this).
      .registerNamespace({
        namespace: options.namespace,
        workflowExecutionRetentionPeriod: { seconds: 86_400 } as never,
      })
      .catch((error: { code?: number }) => {
        if (error.code !== 6) throw error; // 6 = ALREADY_EXISTS
      });
    return {
      databaseUrl,
      namespace: options.namespace,
      connection,
      env: { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: env.temporalAddress, TEMPORAL_NAMESPACE: options.namespace },
    };
  })
  .extend("isolated", async ({ dispatcherProcessFile }, { onCleanup }): Promise<IsolatedDispatcher> => {
    const children: ChildProcess[] = [];
    onCleanup(() => {
      for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    });
    return {
      ...dispatcherProcessFile,
      spawn(vars) {
        const dispatcher = spawnDispatcher(vars);
        children.push(dispatcher.child);
        return dispatcher;
      },
    };
  });
