// What `npm start` reads from its environment, validated with messages that name the
// variable. (The supervisor is tooling; the product's processes read theirs in env.ts.)
import path from "node:path";
import { DATA_DIR } from "./tools";

export interface StartSettings {
  dataDir: string;
  webPort: number;
  postgresPort: number;
  temporalPort: number;
  temporalUiPort: number;
  databaseUrl?: string;
  temporalAddress?: string;
  temporalNamespace: string;
  publicUrl?: string;
}

export function readStartSettings(env: NodeJS.ProcessEnv): StartSettings {
  const problems: string[] = [];
  const port = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65_535)
      problems.push(`${name} must be a port number (1-65535), got "${raw}"`);
    return value;
  };
  const settings: StartSettings = {
    dataDir: env.MAILSTREAM_DATA_DIR ? path.resolve(env.MAILSTREAM_DATA_DIR) : DATA_DIR,
    webPort: port("PORT", 3000),
    postgresPort: port("MAILSTREAM_PG_PORT", 5433),
    temporalPort: port("MAILSTREAM_TEMPORAL_PORT", 7233),
    temporalUiPort: port("MAILSTREAM_TEMPORAL_UI_PORT", 8233),
    databaseUrl: env.DATABASE_URL || undefined,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE || "default",
    publicUrl: env.MAILSTREAM_PUBLIC_URL || undefined,
  };
  if (settings.databaseUrl && !/^postgres(ql)?:\/\//.test(settings.databaseUrl)) {
    problems.push(`DATABASE_URL must be a postgres:// URL, got "${settings.databaseUrl}"`);
  }
  if (settings.temporalAddress && !/^[^\s:/]+:\d+$/.test(settings.temporalAddress)) {
    problems.push(`TEMPORAL_ADDRESS must be host:port (e.g. localhost:7233), got "${settings.temporalAddress}"`);
  }
  if (settings.publicUrl && !URL.canParse(settings.publicUrl))
    problems.push(`MAILSTREAM_PUBLIC_URL must be a URL, got "${settings.publicUrl}"`);
  if (problems.length > 0) throw new Error(`invalid settings:\n  - ${problems.join("\n  - ")}`);
  return settings;
}
