// The real Temporal server for cluster mode: its databases and schema in our Postgres, a
// config derived from the module's config/development-postgres12.yaml, its four services as
// separate processes, and the namespace. Binaries and schema files come from
// scripts/lib/temporal-server.mjs (.tools/bin and Go's module cache).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export const TEMPORAL_SERVICES = ["history", "matching", "frontend", "worker"] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

export interface TemporalPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Every port of the four services, derived from the frontend's (7233 → the usual layout). */
export function temporalClusterPorts(frontendPort: number) {
  return {
    grpc: { frontend: frontendPort, history: frontendPort + 1, matching: frontendPort + 2, worker: frontendPort + 6 },
    membership: {
      frontend: frontendPort - 300,
      history: frontendPort - 299,
      matching: frontendPort - 298,
      worker: frontendPort - 294,
    },
    http: frontendPort + 10,
  };
}

export function allTemporalPorts(frontendPort: number): number[] {
  const ports = temporalClusterPorts(frontendPort);
  return [...Object.values(ports.grpc), ...Object.values(ports.membership), ports.http];
}

/**
 * The history shard count is fixed when the cluster's databases are created: Temporal maps
 * every workflow id to a shard, and changing the count later would orphan the existing ones.
 * The first start records it; a later start asking for another count is refused.
 */
export function fixShardCount(temporalDir: string, requested: number): { shards: number; isNew: boolean } {
  const file = path.join(temporalDir, "cluster.json");
  if (existsSync(file)) {
    const recorded = (JSON.parse(readFileSync(file, "utf8")) as { historyShards: number }).historyShards;
    if (recorded !== requested) {
      throw new Error(
        `MAILSTREAM_TEMPORAL_SHARDS=${requested}, but this cluster was created with ${recorded} history shards ` +
          `(${file}); the shard count is fixed at creation. Unset it, or use a new MAILSTREAM_DATA_DIR.`,
      );
    }
    return { shards: recorded, isNew: false };
  }
  mkdirSync(temporalDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ historyShards: requested, createdAt: new Date().toISOString() })}\n`);
  return { shards: requested, isNew: true };
}

/** Writes `<root>/config/cluster.yaml` (JSON is YAML) for `temporal-server --root <root> --env cluster`. */
export function writeTemporalConfig(options: {
  root: string;
  postgres: TemporalPostgres;
  shards: number;
  frontendPort: number;
}): void {
  const ports = temporalClusterPorts(options.frontendPort);
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: "postgres12",
      databaseName,
      connectAddr: `${options.postgres.host}:${options.postgres.port}`,
      connectProtocol: "tcp",
      user: options.postgres.user,
      password: options.postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: "1h",
    },
  });
  const service = (name: TemporalService) => ({
    rpc: {
      grpcPort: ports.grpc[name],
      membershipPort: ports.membership[name],
      bindOnLocalHost: true,
      ...(name === "frontend" ? { httpPort: ports.http } : {}),
    },
  });
  const config = {
    log: { stdout: true, level: "warn" },
    persistence: {
      defaultStore: "postgres-default",
      visibilityStore: "postgres-visibility",
      numHistoryShards: options.shards,
      datastores: {
        "postgres-default": store("temporal", 20),
        "postgres-visibility": store("temporal_visibility", 4),
      },
    },
    global: { membership: { maxJoinDuration: "30s", broadcastAddress: "127.0.0.1" } },
    services: Object.fromEntries(TEMPORAL_SERVICES.map((name) => [name, service(name)])),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: "active",
      currentClusterName: "active",
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: "frontend",
          rpcAddress: `127.0.0.1:${ports.grpc.frontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: "noop" },
  };
  mkdirSync(path.join(options.root, "config"), { recursive: true });
  writeFileSync(path.join(options.root, "config", "cluster.yaml"), `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * Creates both databases and brings their schema to the version in the module (idempotent:
 * an existing database is kept, `update-schema` applies only what is missing).
 */
export async function ensureTemporalSchema(options: {
  sqlTool: string;
  schemaDir: string;
  postgres: TemporalPostgres;
}): Promise<void> {
  const { host, port, user, password } = options.postgres;
  for (const [database, folder] of [
    ["temporal", "temporal"],
    ["temporal_visibility", "visibility"],
  ] as const) {
    const base = ["--plugin", "postgres12", "--ep", host, "-p", String(port), "-u", user, "--pw", password];
    const state = await databaseState(options.postgres, database);
    if (state === "missing") await run(options.sqlTool, [...base, "--db", database, "create-database"]);
    if (state !== "schema") await run(options.sqlTool, [...base, "--db", database, "setup-schema", "-v", "0.0"]);
    await run(options.sqlTool, [
      ...base,
      "--db",
      database,
      "update-schema",
      "-d",
      path.join(options.schemaDir, folder, "versioned"),
    ]);
  }
}

async function databaseState(postgres: TemporalPostgres, database: string): Promise<"missing" | "empty" | "schema"> {
  const admin = new pg.Client({ ...postgres, database: "postgres" });
  await admin.connect();
  try {
    const found = await admin.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) return "missing";
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ ...postgres, database });
  await client.connect();
  try {
    const { rows } = await client.query<{ present: boolean }>(
      "select to_regclass('public.schema_version') is not null as present",
    );
    return rows[0]?.present ? "schema" : "empty";
  } finally {
    await client.end();
  }
}

/** Registers the namespace once the frontend and history answer (retried: they start together). */
export async function ensureNamespace(options: {
  cli: string;
  address: string;
  namespace: string;
  timeoutMs: number;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const args = ["--address", options.address, "--namespace", options.namespace];
  for (;;) {
    try {
      await run(options.cli, ["operator", "namespace", "describe", ...args], { timeout: 10_000 });
      return;
    } catch {
      // not there yet (or the frontend is still starting)
    }
    try {
      await run(options.cli, ["operator", "namespace", "create", ...args, "--retention", "72h"], { timeout: 10_000 });
      return;
    } catch (error) {
      if (/already exists|AlreadyExists/i.test(String((error as { stderr?: string }).stderr ?? error))) return;
      if (Date.now() > deadline) {
        throw new Error(
          `could not create the Temporal namespace ${options.namespace} at ${options.address} within ` +
            `${Math.round(options.timeoutMs / 1000)} s: ${String((error as { stderr?: string }).stderr ?? error)
              .trim()
              .slice(0, 300)}`,
        );
      }
      await sleep(1_000);
    }
  }
}

/** Writes the UI server's config (`<root>/config/development.yaml`, JSON is YAML). */
export function writeTemporalUiConfig(options: { root: string; temporalAddress: string; port: number }): void {
  const config = {
    temporalGrpcAddress: options.temporalAddress,
    host: "127.0.0.1",
    port: options.port,
    enableUi: true,
  };
  mkdirSync(path.join(options.root, "config"), { recursive: true });
  writeFileSync(path.join(options.root, "config", "development.yaml"), `${JSON.stringify(config, null, 2)}\n`);
}
