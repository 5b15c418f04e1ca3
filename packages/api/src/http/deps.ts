// What the HTTP handlers need from their deployable — the same shape as the tRPC `ApiDeps`,
// so the web app builds one object for both — and the one way to build it from config.
import type { Client as TemporalClient } from "@temporalio/client";
import { createDb, type Db } from "@mailstream/db/client";
import { getTemporalClient } from "@mailstream/temporal-contracts/client";
import { log } from "@mailstream/log";
import type { EdgeLimits } from "./edge-limits";

export interface HttpDeps {
  db: Db;
  /** Lazily connected Temporal client; only the health check touches it here. */
  temporal: () => Promise<TemporalClient>;
  /** The public routes' rate limits; absent, the process's defaults for `db` (edge-limits.ts). */
  limits?: EdgeLimits;
  /** MAILSTREAM_TRUST_PROXY: how many reverse proxies of yours stand in front (auth/client-address.ts). */
  trustedProxies?: number | undefined;
}

/** Pooled db (cached per URL) and the process-wide lazily connected Temporal client. */
export function createHttpDeps(config: {
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  trustedProxies?: number | undefined;
}): HttpDeps {
  const { db, pool } = createDb(config.databaseUrl);
  // An idle client's error (Postgres restarting) is emitted on the pool; unhandled, it would
  // take the web server down. The next query gets a fresh connection.
  if (pool.listenerCount("error") === 0) {
    pool.on("error", (error) => log.warn("idle database connection failed", {}, error));
  }
  return {
    db,
    trustedProxies: config.trustedProxies ?? 0,
    temporal: async () => getTemporalClient({ address: config.temporalAddress, namespace: config.temporalNamespace }),
  };
}
