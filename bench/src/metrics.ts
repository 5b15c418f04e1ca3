// `pnpm bench:metrics`: journey metrics page latency over 1M and 10M message events, the
// query plans behind it, and live update lag under 200 events/s.
//
// Data (metrics-data.ts): one journey (two email nodes), `events/10` runs and messages, N
// message events spread over 30 days, bulk-generated in a fresh embedded Postgres and the
// rollups rebuilt set-based with metrics_rebuild_rollups(). Then, per size: the page query
// (flow + email table + chart series, as the live hub runs it) on the page's default range
// (all time, hourly chart) and on others, the EXPLAIN (ANALYZE, BUFFERS) of each of its
// statements for all time and 24 h, the minute-tier-only read the tiers replace and a raw
// aggregate over message_events. Last, the triggers live: INSERT → trigger → rollup tiers →
// hub poll (1 s) → subscriber at 200 events/s on the default range.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createLiveMetricsHub } from "@mailstream/core/metrics/live-hub";
import {
  dashboardKey,
  filterWindow,
  loadJourneyDashboard,
  ZDashboardFilterSchema,
  type DashboardFilter,
  type JourneyDashboard,
  type MetricsRange,
} from "@mailstream/core/metrics/live-payload";
import { closeDb, createDb } from "@mailstream/db/client";
import { migrateDatabase } from "@mailstream/db/migrate";
import { journeyFlowQuery } from "@mailstream/db/queries/metrics";
import { emailMetricsQuery, emailSeriesQuery } from "@mailstream/db/queries/metrics-email";
import { toRawQuery } from "@mailstream/db/queries/metrics-tiers";
import { findFreePort } from "@mailstream/runtime/ports";
import { embeddedPostgresUrl, startEmbeddedPostgres } from "@mailstream/runtime/postgres";
import { describeMachine, formatMachine } from "./machine";
import { growHistory, messageUuid, rebuildRollups, type BenchIds } from "./metrics-data";
import { summarize } from "./stats";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
// pnpm forwards a literal "--" before the script's own flags; parseArgs would stop there.
const argv = process.argv.slice(2).filter((a) => a !== "--");
const { values: args } = parseArgs({
  args: argv,
  options: {
    sizes: { type: "string", default: "1000000,10000000" },
    queries: { type: "string", default: "30" },
    "lag-seconds": { type: "string", default: "20" },
    rate: { type: "string", default: "200" },
  },
});
const sizes = args.sizes.split(",").map(Number);
const queries = Number(args.queries);
const lagSeconds = Number(args["lag-seconds"]);
const rate = Number(args.rate);
for (const n of [...sizes, queries, lagSeconds, rate])
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`sizes, queries, lag-seconds and rate must be positive whole numbers`);
for (const [i, n] of sizes.entries())
  if (n % 10 !== 0 || (i > 0 && n <= (sizes[i - 1] as number)))
    throw new Error(`sizes must be multiples of 10 in increasing order (got ${args.sizes})`);

type Pool = ReturnType<typeof createDb>["pool"];
type Db = ReturnType<typeof createDb>["db"];
let pool: Pool;
async function exec(statement: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await pool.query(statement, params)).rows as Record<string, unknown>[];
}

/** The page's own filter: what the metrics page opens on, unless a range/grain is given. */
function pageFilter(journeyId: string, over: Partial<Pick<DashboardFilter, "range" | "grain">> = {}): DashboardFilter {
  return ZDashboardFilterSchema.parse({ journeyId, ...over });
}

async function timeQueries(db: Db, filter: DashboardFilter) {
  const samples: number[] = [];
  for (let i = 0; i < queries; i++) {
    const t = performance.now();
    await loadJourneyDashboard(db, filter);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

async function timeStatement(statement: string, params: unknown[], runs: number) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await exec(statement, params);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/** Verbatim EXPLAIN (ANALYZE, BUFFERS) of each statement the page runs for `filter`. */
async function explainPage(filter: DashboardFilter): Promise<string> {
  const query = { journeyId: filter.journeyId, versionId: filter.versionId, ...filterWindow(filter) };
  const statements = {
    "flow (journey_step_rollups tiers + sent + waiting now)": journeyFlowQuery(query),
    "email table (email_rollups tiers)": emailMetricsQuery(query),
    [`chart series (grain ${filter.grain})`]: emailSeriesQuery({ ...query, grain: filter.grain }),
  };
  const out: string[] = [];
  for (const [name, statement] of Object.entries(statements)) {
    const raw = toRawQuery(statement);
    const rows = await exec(`explain (analyze, buffers) ${raw.sql}`, raw.params);
    out.push(`-- ${name}\n${rows.map((r) => String(r["QUERY PLAN"])).join("\n")}`);
  }
  return out.join("\n");
}

const fmt = (s: ReturnType<typeof summarize>, digits = 1) =>
  `p50 ${s?.p50.toFixed(digits)} ms  p95 ${s?.p95.toFixed(digits)} ms`;

async function reportSize(db: Db, ids: BenchIds, size: number) {
  const count = async (table: string) => String((await exec(`select count(*)::text as n from ${table}`))[0]?.n);
  const rows = Object.fromEntries(
    await Promise.all(
      ["email_rollups", "email_rollups_hour", "email_rollups_day", "journey_step_rollups"].map(
        async (t) => [t, await count(t)] as const,
      ),
    ),
  );
  console.log(
    `\n== ${size.toLocaleString("en")} message events (${(size / 10).toLocaleString("en")} messages and runs; email rollup rows: ` +
      `${rows.email_rollups} minute / ${rows.email_rollups_hour} hour / ${rows.email_rollups_day} day; step rollup rows ${rows.journey_step_rollups} minute)`,
  );
  const cases: [string, DashboardFilter][] = [
    ["page default: all time, hourly chart", pageFilter(ids.journey)],
    ["all time, daily chart", pageFilter(ids.journey, { range: "all", grain: "day" })],
    ["last 7 days, hourly chart", pageFilter(ids.journey, { range: "7d", grain: "hour" })],
    ["last 24 h, hourly chart", pageFilter(ids.journey, { range: "24h", grain: "hour" })],
    ["last 1 h, minute chart", pageFilter(ids.journey, { range: "1h", grain: "minute" })],
  ];
  for (const [name, filter] of cases)
    console.log(
      `page query (flow + email table + series), ${name.padEnd(38)}: ${fmt(await timeQueries(db, filter))}  (n=${queries})`,
    );
  // What the page's all-time email table cost before the tiers: the minute tier alone.
  const minuteOnly = await timeStatement(
    "select node_id, template_id, metric, key, sum(n) from email_rollups where journey_id = $1 group by 1, 2, 3, 4",
    [ids.journey],
    5,
  );
  console.log(`email table all time from the minute tier alone (before tiers)       : ${fmt(minuteOnly)}`);
  const raw = await timeStatement(
    `select m.node_id, e.type, count(*), count(distinct e.message_id) from message_events e
    join messages m on m.id = e.message_id where m.journey_id = $1 group by 1, 2`,
    [ids.journey],
    size >= 5_000_000 ? 1 : 3,
  );
  console.log(
    `raw aggregate over message_events (no rollups)                       : ${fmt(raw, 0)}  (n=${raw?.count})`,
  );
  for (const range of ["all", "24h"] satisfies MetricsRange[]) {
    console.log(
      `\nEXPLAIN (ANALYZE, BUFFERS) of the page query, range ${range}, hourly chart (${size.toLocaleString("en")} events):`,
    );
    console.log(await explainPage(pageFilter(ids.journey, { range, grain: "hour" })));
  }
}

async function measureLag(db: Db, ids: BenchIds, messages: number) {
  const hub = createLiveMetricsHub(db, { intervalMs: 1000 });
  const abort = new AbortController();
  // The page's default filter (all time, hourly chart): the poll every open page shares.
  const key = dashboardKey(pageFilter(ids.journey));
  const inserted: number[] = [];
  const lags: number[] = [];
  let base: number | null = null;
  let seen = 0;
  const consumer = (async () => {
    for await (const payload of hub.subscribe(key, abort.signal)) {
      const opened = (payload as JourneyDashboard).emails.reduce((s, e) => s + e.counts.opened, 0);
      base ??= opened;
      const now = performance.now();
      for (; seen < Math.min(opened - base, inserted.length); seen++) lags.push(now - (inserted[seen] as number));
    }
  })();
  while (base === null) await new Promise((r) => setTimeout(r, 50));
  const total = rate * lagSeconds;
  const started = performance.now();
  // Paced, not serialized: each insert starts on schedule (up to 16 in flight), as webhook
  // and tracking requests would arrive; commit times are collected in order of completion.
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight.size >= 16) await Promise.race(inFlight);
    const m = 1 + (i % messages);
    // As recordMessageEvent writes it: the dedupe key claimed, then the (partitioned) row.
    const p: Promise<void> = exec(`with claimed as (
        insert into message_event_keys (dedupe_key, workspace_id, message_id, occurred_at)
        values ('lag:${i}', '${ids.ws}', ${messageUuid(String(m))}, now()) on conflict do nothing returning dedupe_key)
      insert into message_events (workspace_id, message_id, type, dedupe_key)
      select '${ids.ws}', ${messageUuid(String(m))}, 'opened', dedupe_key from claimed`).then(() => {
      inserted.push(performance.now());
      inFlight.delete(p);
    });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  const achieved = total / ((performance.now() - started) / 1000);
  const deadline = performance.now() + 5000;
  while (seen < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  abort.abort();
  await consumer;
  return { achieved, delivered: seen, total, lag: summarize(lags) };
}

async function main() {
  log(formatMachine(describeMachine()));
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-bench-metrics-"));
  chmodSync(dir, 0o755);
  const port = await findFreePort();
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port });
  const url = embeddedPostgresUrl(port);
  try {
    await migrateDatabase(url);
    const created = createDb(url);
    const db = created.db;
    pool = created.pool;
    // Fewer checkpoints during the bulk load; durability settings (fsync) stay as they are.
    await exec("alter system set max_wal_size = '16GB'");
    await exec("alter system set checkpoint_timeout = '30min'");
    await exec("select pg_reload_conf()");
    const one = async (statement: string) => String((await exec(statement))[0]?.id);
    const ws = await one(`insert into workspaces (name, slug) values ('Bench', 'bench-metrics') returning id`);
    const journey = await one(
      `insert into journeys (workspace_id, name, status, draft) values ('${ws}', 'Bench', 'live', '{"nodes":[],"edges":[]}') returning id`,
    );
    const version = await one(
      `insert into journey_versions (journey_id, version, graph, plan) values ('${journey}', 1, '{"nodes":[],"edges":[]}', '{}') returning id`,
    );
    const ids = { ws, journey, version };
    let loaded = 0;
    for (const size of sizes) {
      await growHistory(pool, ids, loaded, size, log);
      loaded = size;
      await rebuildRollups(pool, log);
      await reportSize(db, ids, size);
    }
    const lag = await measureLag(db, ids, loaded / 10);
    console.log(
      `\n== live update lag at ${rate} events/s for ${lagSeconds} s on the page's default range (all time, hourly chart); ` +
        `achieved ${lag.achieved.toFixed(0)}/s, ${lag.delivered}/${lag.total} seen`,
    );
    console.log(
      `insert → pushed to subscriber: p50 ${lag.lag?.p50.toFixed(0)} ms  p95 ${lag.lag?.p95.toFixed(0)} ms  max ${lag.lag?.max.toFixed(0)} ms`,
    );
    console.log(
      `load average at end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" / ")}`,
    );
  } finally {
    await closeDb(url).catch(() => {});
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
