// The latency benchmark's settings: command-line flags, and the environment that points it
// at an already running Mailstream instead of its own stack. The only place bench reads
// process.env or argv.
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";

const ZFlagsSchema = z.object({
  rate: z.coerce.number().positive("--rate must be a positive number of events per second").max(2_000).optional(),
  count: z.coerce.number().int().min(1, "--count must be at least 1").max(100_000).default(500),
  warmup: z.coerce.number().int().min(0).max(1_000).default(20),
  timeout: z.coerce.number().positive("--timeout is in seconds").default(120),
  hold: z.coerce.number().int().min(4, "--hold is in seconds, at least 4").max(3_600).default(120),
  drain: z.coerce.number().positive("--drain is in seconds").default(30),
  start: z.coerce.number().int().min(1, "--start must be at least 1 start/s").max(2_000).default(20),
  max: z.coerce.number().int().min(1, "--max must be at least 1 start/s").max(2_000).default(200),
  resolution: z.coerce.number().int().min(1, "--resolution must be at least 1 start/s").default(2),
  workers: z.coerce.number().int().min(1, "--workers must be at least 1").max(8).default(1),
  "temporal-address": z
    .string()
    .regex(/^[^\s:/]+:\d+$/, "--temporal-address must be host:port, e.g. 127.0.0.1:7233")
    .optional(),
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
  MAILSTREAM_PROCESS_TABLE: z
    .string()
    .endsWith(".json", "MAILSTREAM_PROCESS_TABLE must be a cluster's processes.json")
    .optional(),
});

export interface BenchConfig {
  /** A fixed rate: one measurement with the stage breakdown instead of the bisection. */
  rate: number | null;
  count: number;
  warmup: number;
  /** Seconds to wait, after the last event, for every email to be handed to the transport. */
  timeoutSeconds: number;
  /** How long a probe holds its rate (bisection mode). */
  holdSeconds: number;
  /** How long after a probe's last start its runs may take to finish and still count. */
  drainSeconds: number;
  startRate: number;
  maxRate: number;
  resolution: number;
  /** Worker processes of the bench's own stack. */
  workers: number;
  /** The Temporal server the raw baseline runs on (default: the bench's own dev server). */
  temporalAddress: string | null;
  json: boolean;
  /** Set when benchmarking a running instance instead of a stack of our own. */
  external: {
    url: string;
    writeKey: string;
    secretKey: string;
    event: string;
    /** A cluster's processes.json: the CPU of its processes is attributed by name. */
    processTable: string | null;
  } | null;
}

export const USAGE = `usage: pnpm bench:latency [--hold 120] [--start 20] [--max 200] [--resolution 2] [--drain 30]
                          [--temporal-address host:port] [--workers 1] [--warmup 20] [--timeout 120] [--json]
       pnpm bench:latency --rate 20 [--count 500] …   (one fixed-rate run with the stage breakdown)
  By default finds the sustainable starts/s of Mailstream and of the raw Temporal baseline by
  bisection: each probe holds its rate for --hold seconds; sustained = everything sent within
  --drain seconds after the last start and the backlog not growing.
  Starts its own embedded stack on 127.0.0.1 by default. To measure a running \`npm start\` instead, set
  MAILSTREAM_URL, MAILSTREAM_WRITE_KEY and MAILSTREAM_SECRET_KEY (read access for the send times);
  it then sends --event (default signed_up, the demo Welcome journey's trigger) to that workspace, and
  runs the raw baseline on --temporal-address (the server that instance uses; none without it).
  For CPU per run by process of a running cluster, set MAILSTREAM_PROCESS_TABLE to its
  .data/cluster/processes.json. \`pnpm --filter @mailstream/bench run seed-latency\` (DATABASE_URL
  of that instance) adds the bench's own journey and keys: then pass --event bench_signed_up.`;

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
        hold: { type: "string" },
        drain: { type: "string" },
        start: { type: "string" },
        max: { type: "string" },
        resolution: { type: "string" },
        workers: { type: "string" },
        "temporal-address": { type: "string" },
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
  const {
    MAILSTREAM_URL: url,
    MAILSTREAM_WRITE_KEY: writeKey,
    MAILSTREAM_SECRET_KEY: secretKey,
    MAILSTREAM_PROCESS_TABLE: processTable,
  } = vars.data;
  let external: BenchConfig["external"] = null;
  if (url || writeKey) {
    if (!url || !writeKey || !secretKey) {
      fail([
        "To benchmark a running instance set all of MAILSTREAM_URL, MAILSTREAM_WRITE_KEY and MAILSTREAM_SECRET_KEY.",
      ]);
    }
    external = {
      url: url.replace(/\/+$/, ""),
      writeKey,
      secretKey,
      event: flags.data.event ?? "signed_up",
      // Relative to where `npm run` was typed (INIT_CWD): pnpm runs the bench from bench/.
      processTable: processTable ? path.resolve(env.INIT_CWD ?? process.cwd(), processTable) : null,
    };
  }
  return {
    rate: flags.data.rate ?? null,
    count: flags.data.count,
    warmup: flags.data.warmup,
    timeoutSeconds: flags.data.timeout,
    holdSeconds: flags.data.hold,
    drainSeconds: flags.data.drain,
    startRate: flags.data.start,
    maxRate: flags.data.max,
    resolution: flags.data.resolution,
    workers: flags.data.workers,
    temporalAddress: flags.data["temporal-address"] ?? null,
    json: flags.data.json,
    external,
  };
}
