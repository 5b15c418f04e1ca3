// The latency benchmark's settings: command-line flags, and the environment that points it
// at an already running Mailstream instead of its own stack. The only place bench reads
// process.env or argv.
import { parseArgs } from "node:util";
import { z } from "zod";

const ZFlagsSchema = z.object({
  rate: z.coerce.number().positive("--rate must be a positive number of events per second").max(2_000).default(20),
  count: z.coerce.number().int().min(1, "--count must be at least 1").max(100_000).default(500),
  warmup: z.coerce.number().int().min(0).max(1_000).default(20),
  timeout: z.coerce.number().positive("--timeout is in seconds").default(120),
  event: z.string().min(1).optional(),
  json: z.boolean().default(false),
});

const ZEnvSchema = z.object({
  MAILSTREAM_URL: z.url("MAILSTREAM_URL must be a URL, e.g. http://localhost:3000").optional(),
  MAILSTREAM_WRITE_KEY: z
    .string()
    .startsWith("ms_", "MAILSTREAM_WRITE_KEY must be a Mailstream key (ms_wk_…)")
    .optional(),
  MAILSTREAM_SECRET_KEY: z
    .string()
    .startsWith("ms_sk_", "MAILSTREAM_SECRET_KEY must be a secret key (ms_sk_…)")
    .optional(),
});

export interface BenchConfig {
  rate: number;
  count: number;
  warmup: number;
  /** Seconds to wait, after the last event, for every email to be handed to the transport. */
  timeoutSeconds: number;
  json: boolean;
  /** Set when benchmarking a running instance instead of a stack of our own. */
  external: { url: string; writeKey: string; secretKey: string; event: string } | null;
}

export const USAGE = `usage: pnpm bench:latency [--rate 20] [--count 500] [--warmup 20] [--timeout 120] [--json]
  Starts its own embedded stack on 127.0.0.1 by default. To measure a running \`npm start\` instead, set
  MAILSTREAM_URL, MAILSTREAM_WRITE_KEY and MAILSTREAM_SECRET_KEY (read access for the send times);
  it then sends --event (default signed_up, the demo Welcome journey's trigger) to that workspace.`;

function fail(problems: string[]): never {
  throw new Error(`${problems.join("\n")}\n\n${USAGE}`);
}

export function readBenchConfig(argv = process.argv.slice(2), env = process.env): BenchConfig {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv.filter((arg) => arg !== "--"),
      options: {
        rate: { type: "string" },
        count: { type: "string" },
        warmup: { type: "string" },
        timeout: { type: "string" },
        event: { type: "string" },
        json: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (error) {
    fail([(error as Error).message]);
  }
  const flags = ZFlagsSchema.safeParse(values);
  const vars = ZEnvSchema.safeParse(env);
  const problems = [...(flags.error?.issues ?? []), ...(vars.error?.issues ?? [])].map((issue) => issue.message);
  if (!flags.success || !vars.success) fail(problems);
  const { MAILSTREAM_URL: url, MAILSTREAM_WRITE_KEY: writeKey, MAILSTREAM_SECRET_KEY: secretKey } = vars.data;
  let external: BenchConfig["external"] = null;
  if (url || writeKey) {
    if (!url || !writeKey || !secretKey) {
      fail([
        "To benchmark a running instance set all of MAILSTREAM_URL, MAILSTREAM_WRITE_KEY and MAILSTREAM_SECRET_KEY.",
      ]);
    }
    external = { url: url.replace(/\/+$/, ""), writeKey, secretKey, event: flags.data.event ?? "signed_up" };
  }
  return {
    rate: flags.data.rate,
    count: flags.data.count,
    warmup: flags.data.warmup,
    timeoutSeconds: flags.data.timeout,
    json: flags.data.json,
    external,
  };
}
