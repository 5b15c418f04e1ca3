// The dispatcher entry point as the supervisor runs it (`node --import tsx src/dispatcher/main.ts`):
// env validation, `dispatcher ready`, a real dispatch, and a clean exit on SIGTERM.
// An unscoped dispatcher would claim other test files' events, so this one gets its own
// database (created and migrated here) and its own Temporal namespace.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client, Connection } from "@temporalio/client";
import { closeDb, createDb } from "@mailstream/db/client";
import { migrateDatabase } from "@mailstream/db/migrate";
import { findEventByMessageId } from "@mailstream/db/queries/events";
import { journeyRuns } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/runtime/test-env";
import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ingestTrack } from "../ingest/ingest";
import { buildLinearGraph, createLiveJourney, createTemplateFixture, createWorkspaceWithKeys, waitFor } from "../testing/fixtures";

const API_DIR = fileURLToPath(new URL("../..", import.meta.url));
const TSX_LOADER = pathToFileURL(
  path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "loader.mjs"),
).href;
const NAMESPACE = "mailstream-dispatcher-test";
const DATABASE = `ms_dispatcher_${randomUUID().slice(0, 8)}`;
const env = testEnv();
const databaseUrl = env.databaseUrl.replace(/\/[^/]+$/, `/${DATABASE}`);

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: env.databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

let connection: Connection;
beforeAll(async () => {
  await admin(`CREATE DATABASE "${DATABASE}"`);
  await migrateDatabase(databaseUrl);
  connection = await Connection.connect({ address: env.temporalAddress });
  await connection.workflowService
    // The proto type wants a Long; a plain number encodes the same (the SDK's msToTs does this).
    .registerNamespace({ namespace: NAMESPACE, workflowExecutionRetentionPeriod: { seconds: 86_400 } as never })
    .catch((error: { code?: number }) => {
      if (error.code !== 6) throw error; // 6 = ALREADY_EXISTS
    });
});

afterAll(async () => {
  await connection?.close();
  await closeDb(databaseUrl);
  await admin(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
});

function spawnDispatcher(vars: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", TSX_LOADER, "src/dispatcher/main.ts"], {
    cwd: API_DIR,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...vars },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe("dispatcher main", () => {
  it("refuses a bad environment, naming the variable", async () => {
    const dispatcher = spawnDispatcher({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: "not an address" });
    expect(await dispatcher.exited).toBe(1);
    expect(dispatcher.output()).toMatch(/TEMPORAL_ADDRESS: TEMPORAL_ADDRESS must be host:port/);
  });

  it("says `dispatcher ready`, starts runs for new events, and exits 0 on SIGTERM", async () => {
    const { db } = createDb(databaseUrl);
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const templateId = await createTemplateFixture(db, workspaceId, "Welcome", "Welcome");
    const journey = await createLiveJourney(db, workspaceId, "Welcome", buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]));

    const dispatcher = spawnDispatcher({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: env.temporalAddress, TEMPORAL_NAMESPACE: NAMESPACE });
    await waitFor("dispatcher ready", async () => /^dispatcher ready$/m.test(dispatcher.output()) || dispatcher.child.exitCode !== null, 60_000);
    expect(dispatcher.output()).toMatch(/^dispatcher ready$/m);

    await ingestTrack(db, workspaceId, { userId: "main-test", event: "signed_up", messageId: "main-1" });
    const run = await waitFor("the run row", async () => {
      const [row] = await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journey.journeyId));
      return row;
    });
    const client = new Client({ connection, namespace: NAMESPACE });
    const handle = client.workflow.getHandle(run.workflowId);
    try {
      // The run row is committed before the start; the event is marked once the start succeeded.
      await waitFor("the event to be marked dispatched", async () => (await findEventByMessageId(db, workspaceId, "main-1"))?.dispatchedAt);
      expect((await handle.describe()).status.name).toBe("RUNNING");
    } finally {
      await handle.terminate("test finished").catch(() => {});
    }

    dispatcher.child.kill("SIGTERM");
    expect(await dispatcher.exited).toBe(0);
    expect(dispatcher.output()).toMatch(/dispatcher stopping \(SIGTERM\)/);
  }, 90_000);
});
