// `pnpm bench:metrics`: journey metrics page latency over 1M and 10M message events, the
// query plans behind it, and live update lag under 200 events/s.
//
// Data: one journey (two email nodes), `events/10` messages and runs, N message events
// spread over 30 days, generated in Postgres with INSERT … SELECT generate_series (fresh
// embedded Postgres per run). The bulk load disables the rollup trigger and rebuilds the
// rollups set-based with the migration's backfill statements (same result, minutes faster);
// the lag phase re-enables it and measures the real path: INSERT → trigger → rollup →
// hub poll (1 s) → subscriber. A raw query over message_events is timed beside the page
// query to show what the rollups save.
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createLiveMetricsHub } from "@mailstream/api/metrics/live-hub";
import { loadJourneyDashboard, type JourneyDashboard } from "@mailstream/api/metrics/live-payload";
import { closeDb, createDb } from "@mailstream/db/client";
import { migrateDatabase } from "@mailstream/db/migrate";
import { findFreePort } from "@mailstream/runtime/ports";
import { embeddedPostgresUrl, startEmbeddedPostgres } from "@mailstream/runtime/postgres";
import { describeMachine, formatMachine } from "./machine";
import { summarize } from "./stats";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const { values: args } = parseArgs({
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
  if (!Number.isInteger(n) || n < 1) throw new Error(`sizes, queries, lag-seconds and rate must be positive whole numbers`);

const MIGRATION = new URL("../../packages/db/drizzle/0009_metrics_rollup_triggers.sql", import.meta.url);

type Pool = ReturnType<typeof createDb>["pool"];
type Db = ReturnType<typeof createDb>["db"];
/** Raw SQL through the pool: the bench speaks plain statements. */
let pool: Pool;
async function exec(_db: Db, statement: string): Promise<Record<string, unknown>[]> {
  return (await pool.query(statement)).rows as Record<string, unknown>[];
}

/** Grows the data set to `total` message events (10 per message). */
async function grow(db: Db, ids: { ws: string; journey: string; version: string }, from: number, total: number) {
  const m0 = from / 10;
  const m1 = total / 10;
  log(`generating messages ${m0}..${m1} and events ${from}..${total}`);
  const t = performance.now();
  await exec(db, `
    insert into contacts (id, workspace_id, user_id, email)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, '${ids.ws}', 'u' || g, 'u' || g || '@d' || (g % 40) || '.test'
    from generate_series(${m0 + 1}, ${m1}) g`);
  await exec(db, `
    insert into journey_runs (id, workspace_id, journey_id, version_id, contact_id, workflow_id, status, started_at)
    select ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, '${ids.ws}', '${ids.journey}', '${ids.version}',
           ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'bench:' || g,
           (case when g % 5 = 0 then 'active' else 'completed' end)::run_status, now() - (g % 43200) * interval '1 minute'
    from generate_series(${m0 + 1}, ${m1}) g`);
  await exec(db, `
    insert into messages (id, workspace_id, contact_id, run_id, journey_id, node_id, template_id, idempotency_key, to_address,
                          from_address, subject, html, text, transport, status, sent_at, created_at)
    select ('00000000-0000-4000-a000-' || lpad(to_hex(g), 12, '0'))::uuid, '${ids.ws}',
           ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid,
           '${ids.journey}', 'email-' || (1 + g % 2), null, 'bench:' || g, 'u' || g || '@d' || (g % 40) || '.test',
           'Bench <bench@mailstream.test>', 'Hi', '<p>hi</p>', 'hi', 'outbox', 'sent',
           now() - (g % 43200) * interval '1 minute', now() - (g % 43200) * interval '1 minute'
    from generate_series(${m0 + 1}, ${m1}) g`);
  // 10 events per message: sent, delivered, 4 opens, 2 clicks (2 links), then one of
  // opened / bounced / complained / unsubscribed by a cycle.
  await exec(db, `
    insert into message_events (workspace_id, message_id, type, dedupe_key, data, occurred_at)
    select '${ids.ws}', ('00000000-0000-4000-a000-' || lpad(to_hex(m), 12, '0'))::uuid,
           (case k when 0 then 'sent' when 1 then 'delivered' when 2 then 'opened' when 3 then 'opened' when 4 then 'opened'
                   when 5 then 'opened' when 6 then 'clicked' when 7 then 'clicked'
                   else (array['opened','bounced','complained','unsubscribed','opened','opened'])[1 + (m + k) % 6] end)::message_event_type,
           'bench:' || m || ':' || k,
           case when k in (6, 7) then jsonb_build_object('url', 'https://shop.test/p' || (k - 5)) else '{}'::jsonb end,
           now() - (m % 43200) * interval '1 minute' + k * interval '1 second'
    from generate_series(${m0 + 1}, ${m1}) m, generate_series(0, 9) k`);
  log(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

async function rebuildRollups(db: Db) {
  const t = performance.now();
  await exec(db, "truncate journey_step_rollups, email_rollups, workspace_rollups, message_event_firsts");
  // The backfill statements at the end of the trigger migration rebuild every rollup from history.
  const statements = readFileSync(MIGRATION, "utf8").split("--> statement-breakpoint").filter((s) => /^\s*(--[^\n]*\n\s*)*INSERT INTO/i.test(s));
  for (const statement of statements) await exec(db, statement);
  await exec(db, "analyze");
  log(`  rollups rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s (${statements.length} statements)`);
}

async function timeQueries(db: Db, journeyId: string, range: "all" | "24h") {
  const samples: number[] = [];
  for (let i = 0; i < queries; i++) {
    const t = performance.now();
    await loadJourneyDashboard(db, { journeyId, versionId: null, range, grain: range === "all" ? "day" : "hour" });
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

async function timeRaw(db: Db, journeyId: string) {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await exec(db, `select m.node_id, e.type, count(*), count(distinct e.message_id) from message_events e
                    join messages m on m.id = e.message_id where m.journey_id = '${journeyId}' group by 1, 2`);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

async function explain(db: Db, journeyId: string) {
  const rows = await exec(db, `explain (analyze, buffers, costs off)
    select node_id, template_id, metric, key, sum(n) from email_rollups where journey_id = '${journeyId}'
    and bucket >= date_trunc('minute', now() - interval '24 hours') group by 1, 2, 3, 4`);
  return rows.map((r) => String(r["QUERY PLAN"])).join("\n");
}

async function measureLag(db: Db, ids: { ws: string; journey: string }, messages: number) {
  await exec(db, "alter table message_events enable trigger message_events_metrics");
  const hub = createLiveMetricsHub(db, { intervalMs: 1000 });
  const abort = new AbortController();
  const key = `journey:${JSON.stringify([ids.journey, null, "15m", "minute"])}`;
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
    const p: Promise<void> = exec(db, `insert into message_events (workspace_id, message_id, type, dedupe_key)
      values ('${ids.ws}', ('00000000-0000-4000-a000-' || lpad(to_hex(${m}), 12, '0'))::uuid, 'opened', 'lag:${i}')`).then(() => {
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
    const one = async (statement: string) => String((await exec(db, statement))[0]?.id);
    const ws = await one(`insert into workspaces (name, slug) values ('Bench', 'bench-metrics') returning id`);
    const journey = await one(`insert into journeys (workspace_id, name, status, draft) values ('${ws}', 'Bench', 'live', '{"nodes":[],"edges":[]}') returning id`);
    const version = await one(`insert into journey_versions (journey_id, version, graph, plan) values ('${journey}', 1, '{"nodes":[],"edges":[]}', '{}') returning id`);
    const ids = { ws, journey, version };
    await exec(db, "alter table message_events disable trigger message_events_metrics");
    await exec(db, "alter table journey_runs disable trigger journey_runs_metrics");
    let loaded = 0;
    for (const size of sizes) {
      await grow(db, ids, loaded, size);
      loaded = size;
      await rebuildRollups(db);
      const rollupRows = String((await exec(db, "select count(*)::text as n from email_rollups"))[0]?.n);
      const all = await timeQueries(db, journey, "all");
      const day = await timeQueries(db, journey, "24h");
      const raw = await timeRaw(db, journey);
      console.log(`\n== ${size.toLocaleString("en")} message events (${(size / 10).toLocaleString("en")} messages, ${rollupRows} email rollup rows)`);
      console.log(`page query (flow + email table + series), all time : p50 ${all?.p50.toFixed(1)} ms  p95 ${all?.p95.toFixed(1)} ms  (n=${queries})`);
      console.log(`page query, last 24 h                               : p50 ${day?.p50.toFixed(1)} ms  p95 ${day?.p95.toFixed(1)} ms`);
      console.log(`raw aggregate over message_events (no rollups)      : p50 ${raw?.p50.toFixed(0)} ms`);
      console.log(`EXPLAIN (24 h email rollup read):\n${await explain(db, journey)}`);
    }
    await exec(db, "alter table journey_runs enable trigger journey_runs_metrics");
    const lag = await measureLag(db, ids, loaded / 10);
    console.log(`\n== live update lag at ${rate} events/s for ${lagSeconds} s (achieved ${lag.achieved.toFixed(0)}/s, ${lag.delivered}/${lag.total} seen)`);
    console.log(`insert → pushed to subscriber: p50 ${lag.lag?.p50.toFixed(0)} ms  p95 ${lag.lag?.p95.toFixed(0)} ms  max ${lag.lag?.max.toFixed(0)} ms`);
    console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(" / ")}`);
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
