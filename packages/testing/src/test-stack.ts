// The real stack for integration tests: a fresh embedded Postgres and Temporal dev
// server on free ports, migrated, shared by every test file of one run. Tests own their
// data (a fresh workspace each), so sharing the servers is safe.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
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

export async function startTestStack(): Promise<TestStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-test-"));
  // As root, Postgres runs as its own user, which must be able to enter this folder.
  chmodSync(dir, 0o755);
  const [pgPort, temporalPort] = [await findFreePort(), await findFreePort()];
  const [postgresResult, temporalResult] = await Promise.allSettled([
    startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: pgPort }),
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
