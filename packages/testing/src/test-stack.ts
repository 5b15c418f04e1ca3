// The real stack for integration tests: a fresh embedded Postgres and Temporal dev
// server on free ports, migrated, shared by every test file of one run. Tests own their
// data (a fresh workspace each), so sharing the servers is safe.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { closeDb } from "@mailstream/db/client";
import { migrateDatabase } from "@mailstream/db/migrate";
import { findFreePort } from "@mailstream/runtime/ports";
import { startEmbeddedPostgres } from "@mailstream/runtime/postgres";
import { startTemporalDevServer } from "@mailstream/runtime/temporal-server";

export interface TestStack {
  databaseUrl: string;
  temporalAddress: string;
  stop(): Promise<void>;
}

/**
 * The test database is thrown away after the run, so a commit need not wait for its WAL to
 * reach the disk (`synchronous_commit = off`): Postgres still writes and reads exactly as
 * before, only a crash of the server could lose the last commits. Integration tests commit
 * thousands of small transactions, each paying a disk flush otherwise.
 */
async function skipCommitFlush(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("ALTER SYSTEM SET synchronous_commit = off");
    await client.query("SELECT pg_reload_conf()");
  } finally {
    await client.end();
  }
}

export interface TestStackOptions {
  /** More Postgres server flags (a bench preloading pg_stat_statements). */
  postgresFlags?: readonly string[];
  /**
   * Keep `synchronous_commit = on`, as a deployment has it: benches measuring what a run costs
   * pay the commit flush the product pays. Tests leave it off (default false).
   */
  durableCommits?: boolean;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-test-"));
  // As root, Postgres runs as its own user, which must be able to enter this folder.
  chmodSync(dir, 0o755);
  const [pgPort, temporalPort] = [await findFreePort(), await findFreePort()];
  const [postgresResult, temporalResult] = await Promise.allSettled([
    startEmbeddedPostgres({
      dataDir: path.join(dir, "pg"),
      port: pgPort,
      ...(options.postgresFlags ? { postgresFlags: options.postgresFlags } : {}),
    }),
    startTemporalDevServer({ dbFile: null, port: temporalPort, uiPort: null }),
  ]);
  if (postgresResult.status === "rejected" || temporalResult.status === "rejected") {
    if (postgresResult.status === "fulfilled") await postgresResult.value.stop();
    if (temporalResult.status === "fulfilled") await temporalResult.value.stop();
    throw postgresResult.status === "rejected"
      ? postgresResult.reason
      : (temporalResult as PromiseRejectedResult).reason;
  }
  const postgres = postgresResult.value;
  const temporal = temporalResult.value;
  if (!options.durableCommits) await skipCommitFlush(postgres.url);
  await migrateDatabase(postgres.url);
  await closeDb(postgres.url);
  return {
    databaseUrl: postgres.url,
    temporalAddress: temporal.address,
    async stop() {
      await Promise.allSettled([temporal.stop(), postgres.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
