// What `npm run start:cluster` reads from its environment, validated with messages that name
// the variable. Ports and data folder follow `npm start` (start-settings.ts); the second web
// process listens on PORT + 1.
import path from "node:path";
import { readStartSettings } from "../start-settings";
import { DATA_DIR } from "../tools";

export const DEFAULT_HISTORY_SHARDS = 4;
const MAX_HISTORY_SHARDS = 16_384;
const MAX_MEMBERSHIP_PORT = 32_767;

export interface ClusterSettings {
  dataDir: string;
  webPorts: [number, number];
  postgresPort: number;
  temporalPort: number;
  /** The Temporal Web UI's port (MAILSTREAM_TEMPORAL_UI_PORT, 8233); used when the UI is installed. */
  temporalUiPort: number;
  historyShards: number;
  temporalNamespace: string;
  publicUrl?: string;
  temporalServerBin: string;
  temporalSqlToolBin: string;
  temporalSchemaDir: string;
  /** Absent when the UI server could not be built: cluster mode then runs without it. */
  temporalUiBin?: string;
}

export function readClusterSettings(env: NodeJS.ProcessEnv): ClusterSettings {
  const base = readStartSettings(env);
  const problems: string[] = [];
  if (base.databaseUrl || base.temporalAddress) {
    problems.push(
      "DATABASE_URL / TEMPORAL_ADDRESS are for `npm start` against your own services; cluster mode runs its own Postgres and Temporal",
    );
  }
  if (base.webPort + 1 > 65_535) problems.push(`PORT must leave room for the second web process (PORT + 1)`);
  // Temporal keeps each service's membership port (ours: frontend − 300 … − 294) in a smallint
  // column of its cluster_membership table; a larger one fails the server at start-up.
  if (base.temporalPort - 294 > MAX_MEMBERSHIP_PORT || base.temporalPort < 301)
    problems.push(
      `MAILSTREAM_TEMPORAL_PORT must be from 301 to ${MAX_MEMBERSHIP_PORT + 294} in cluster mode (Temporal stores the services' membership ports, frontend − 300, as a smallint), got ${base.temporalPort}`,
    );
  const rawShards = env.MAILSTREAM_TEMPORAL_SHARDS;
  const historyShards = rawShards ? Number(rawShards) : DEFAULT_HISTORY_SHARDS;
  if (!Number.isInteger(historyShards) || historyShards < 1 || historyShards > MAX_HISTORY_SHARDS)
    problems.push(
      `MAILSTREAM_TEMPORAL_SHARDS must be a whole number from 1 to ${MAX_HISTORY_SHARDS}, got "${rawShards}"`,
    );
  const required = (name: string) => {
    const value = env[name];
    if (!value) problems.push(`${name} is not set: start cluster mode with \`npm run start:cluster\`, which sets it`);
    return value ?? "";
  };
  const settings: ClusterSettings = {
    dataDir: path.join(env.MAILSTREAM_DATA_DIR ? path.resolve(env.MAILSTREAM_DATA_DIR) : DATA_DIR, "cluster"),
    webPorts: [base.webPort, base.webPort + 1],
    postgresPort: base.postgresPort,
    temporalPort: base.temporalPort,
    temporalUiPort: base.temporalUiPort,
    historyShards,
    temporalNamespace: base.temporalNamespace,
    publicUrl: base.publicUrl,
    temporalServerBin: required("MAILSTREAM_TEMPORAL_SERVER_BIN"),
    temporalSqlToolBin: required("MAILSTREAM_TEMPORAL_SQL_TOOL_BIN"),
    temporalSchemaDir: required("MAILSTREAM_TEMPORAL_SCHEMA_DIR"),
    temporalUiBin: env.MAILSTREAM_TEMPORAL_UI_BIN || undefined,
  };
  if (problems.length > 0) throw new Error(`invalid settings:\n  - ${problems.join("\n  - ")}`);
  return settings;
}
