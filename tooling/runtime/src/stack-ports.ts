// Checks every port the stack will bind before anything starts, so a taken port is one
// clear message naming it and what needs it, not a child crashing half-way through.
import { existsSync } from "node:fs";
import path from "node:path";
import { isPortFree } from "./ports";

interface PortNeeds {
  dataDir: string;
  webPort: number;
  postgresPort: number;
  temporalPort: number;
  temporalUiPort: number | null;
}

export async function assertStackPortsFree(
  options: PortNeeds,
  parts: { isEmbeddedPostgres: boolean; isEmbeddedTemporal: boolean },
): Promise<void> {
  const needs: Array<[number, string, string]> = [[options.webPort, "the web app", "PORT"]];
  if (parts.isEmbeddedPostgres)
    needs.push([options.postgresPort, "the embedded Postgres", "MAILSTREAM_PG_PORT (or set DATABASE_URL)"]);
  if (parts.isEmbeddedTemporal) {
    needs.push([options.temporalPort, "the Temporal dev server", "TEMPORAL_ADDRESS to use a running Temporal"]);
    if (options.temporalUiPort)
      needs.push([options.temporalUiPort, "the Temporal Web UI", "TEMPORAL_ADDRESS to use a running Temporal"]);
  }
  const taken: string[] = [];
  for (const [port, what, setting] of needs) {
    if (!(await isPortFree(port)))
      taken.push(`  - port ${port} is already in use, so ${what} cannot start (see ${setting})`);
  }
  if (taken.length === 0) return;
  const pidFile = path.join(options.dataDir, "postgres", "postmaster.pid");
  const hint = existsSync(pidFile)
    ? `\nA previous Mailstream may still be running (${pidFile} exists): stop it, or free the ports.`
    : "\nStop whatever holds the port(s), or choose others.";
  throw new Error(`cannot start Mailstream:\n${taken.join("\n")}${hint}`);
}
