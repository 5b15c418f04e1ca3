// `pnpm bench:costs`: what one journey run costs, counted rather than timed. Starts the
// bench's own stack (bench:latency's), sends --runs trigger events at a gentle rate, waits
// until every email is sent, and reports per run: the workflow's Temporal history (workflow
// tasks, activities, local activities, events; the RPCs they imply), Postgres transactions and
// per-table scans and row writes (pg_stat_* deltas: every statement outside an explicit
// transaction is one transaction; the send activity's reads show as scans of their tables),
// payload bytes, the Temporal server's own counts (persistence calls, visibility store calls,
// history tasks, from its /metrics: temporal-metrics.ts) and CPU per process. These are the
// per-step costs bench:model is fed with.
// --count-statements also counts the SQL statements the worker and the dispatcher send
// (count-statements.mjs, preloaded into both); --pg-statements prints Postgres's own account,
// statement by statement, per run (pg-statements.ts).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createDb } from "@mailstream/db/client";
import { Client, Connection, type WorkflowHandle } from "@temporalio/client";
import { startLocalTarget } from "./local-stack";
import { PG_STATEMENTS_FLAGS, printStatementStats, resetStatementStats } from "./pg-statements";
import { sendAtRate, userIds } from "./mailstream-probe";
import { cpuBetween, sampleCpu } from "./process-cpu";
import { describeMachine, formatMachine } from "./machine";
import { findTemporalMetrics, formatTemporalCounts, readTemporalCounts } from "./temporal-metrics";

type Pool = ReturnType<typeof createDb>["pool"];

const log = (line: string) => process.stderr.write(`[costs] ${line}\n`);

interface TableStats {
  scans: number;
  writes: number;
}

async function databaseCounters(pool: Pool) {
  const [{ rows: db }, { rows: tables }] = await Promise.all([
    pool.query<{ xacts: string }>(
      "select xact_commit + xact_rollback as xacts from pg_stat_database where datname = current_database()",
    ),
    pool.query<{ relname: string; scans: string; writes: string }>(
      `select relname, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as scans,
              n_tup_ins + n_tup_upd + n_tup_del as writes
         from pg_stat_user_tables`,
    ),
  ]);
  const byTable = new Map<string, TableStats>(
    tables.map((row) => [row.relname, { scans: Number(row.scans), writes: Number(row.writes) }]),
  );
  return { xacts: Number(db[0]?.xacts ?? 0), byTable };
}

/** Waits until the stats collector has caught up (it flushes about once a second). */
async function settledCounters(pool: Pool) {
  await sleep(1_500);
  await pool.query("select pg_stat_clear_snapshot()");
  return databaseCounters(pool);
}

const HISTORY_KINDS = {
  workflowTasks: "EVENT_TYPE_WORKFLOW_TASK_COMPLETED",
  activities: "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED",
  markers: "EVENT_TYPE_MARKER_RECORDED",
  timers: "EVENT_TYPE_TIMER_STARTED",
  signals: "EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED",
} as const;

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    options: {
      runs: { type: "string" },
      rate: { type: "string" },
      "cpu-prof": { type: "string" },
      "count-statements": { type: "boolean" },
      "pg-statements": { type: "boolean" },
    },
  });
  const runs = Number(values.runs ?? 100);
  const rate = Number(values.rate ?? 5);
  if (!Number.isInteger(runs) || runs < 1 || runs > 10_000) throw new Error("--runs must be a whole number 1–10000");
  if (!(rate > 0 && rate <= 100)) throw new Error("--rate must be in (0, 100]");
  const machine = describeMachine();
  // --cpu-prof <dir>: the worker and the dispatcher write V8 CPU profiles there when they stop.
  const profileDir = values["cpu-prof"];
  // --count-statements: each of them writes its statement counts to this folder when it stops.
  const statementsDir = values["count-statements"] ? mkdtempSync(path.join(tmpdir(), "costs-statements-")) : null;
  const pgStatements = values["pg-statements"] === true;
  const target = await startLocalTarget({
    emailRatePerSecond: 100,
    ...(pgStatements ? { postgresFlags: PG_STATEMENTS_FLAGS } : {}),
    log,
    nodeArgs: [
      ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
      ...(statementsDir ? ["--import", fileURLToPath(new URL("./count-statements.mjs", import.meta.url))] : []),
    ],
    ...(statementsDir ? { env: { COSTS_STATEMENTS_DIR: statementsDir } } : {}),
  });
  // The bench's own pool (its queries): closed with the target.
  const { pool } = createDb(target.databaseUrl as string);
  const connection = await Connection.connect({ address: target.temporalAddress as string });
  try {
    // One warm-up run, so start-up work (bundles, first queries) is not counted.
    await sendAtRate(target, userIds(`costs-warm-${randomUUID().slice(0, 8)}`, 1), 1);
    await waitForMessages(pool, 1);
    if (pgStatements) await resetStatementStats(pool);
    const metricsUrl = await findTemporalMetrics(target.temporalAddress as string);
    if (!metricsUrl) log("the Temporal server's /metrics was not found: no server-side counts");
    const temporalBefore = metricsUrl ? await readTemporalCounts(metricsUrl) : null;
    const before = await settledCounters(pool);
    const cpuBefore = sampleCpu();
    const startedAt = new Date();
    log(`sending ${runs} trigger events at ${rate}/s…`);
    const results = await sendAtRate(target, userIds(`costs-${randomUUID().slice(0, 8)}`, runs), rate);
    const failed = results.filter((r) => r.acceptedAt === null).length;
    if (failed > 0) throw new Error(`${failed} events were not accepted`);
    const polls = await waitForMessages(pool, runs + 1);
    await waitForRunsFinished(pool, runs + 1);
    const cpu = cpuBetween(cpuBefore, sampleCpu());
    const temporalAfter = metricsUrl ? await readTemporalCounts(metricsUrl) : null;
    const after = await settledCounters(pool);

    const client = new Client({ connection });
    const totals: Record<keyof typeof HISTORY_KINDS | "events" | "localActivities" | "payloadBytes", number> = {
      workflowTasks: 0,
      activities: 0,
      markers: 0,
      localActivities: 0,
      timers: 0,
      signals: 0,
      events: 0,
      payloadBytes: 0,
    };
    let histories = 0;
    for await (const execution of client.workflow.list({
      query: `WorkflowType = 'journeyRun' AND StartTime >= '${startedAt.toISOString()}'`,
    })) {
      const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      histories++;
      for (const event of history.events ?? []) {
        totals.events++;
        totals.payloadBytes += payloadBytes(event);
        // Markers are local activities or patch markers (patched()); only the former run code.
        if (event.markerRecordedEventAttributes?.markerName === "core_local_activity") totals.localActivities++;
        const type = String(event.eventType);
        for (const [kind, name] of Object.entries(HISTORY_KINDS))
          if (type === name || type === String(eventTypeNumber(name))) totals[kind as keyof typeof HISTORY_KINDS]++;
      }
    }
    const per = (n: number, of = histories) => (of === 0 ? "–" : (n / of).toFixed(2));
    console.log("");
    console.log(`Per journey run (trigger → email → exit), ${runs} runs at ${rate}/s, ${histories} histories read`);
    console.log(
      `  Temporal: ${per(totals.workflowTasks)} workflow tasks, ${per(totals.activities)} activities, ${per(totals.localActivities)} local activities (${per(totals.markers)} markers with patches), ${per(totals.timers)} timers, ${per(totals.events)} history events`,
    );
    console.log(
      `            ${per(totals.payloadBytes)} payload bytes (workflow input and result, activity inputs and results, markers)`,
    );
    const rpcs = 1 + 2 * (totals.workflowTasks / histories) + 2 * (totals.activities / histories);
    console.log(
      `            ≈ ${rpcs.toFixed(1)} worker/client round-trips (1 start + poll and complete per workflow task and per activity)`,
    );
    // The server's own counters over the same stretch (idle polling and background tasks included).
    if (temporalBefore && temporalAfter)
      for (const line of formatTemporalCounts(temporalBefore, temporalAfter, runs))
        console.log(`            server, per run: ${line}`);
    // The polling of this script: one count per poll, over messages.
    const xacts = after.xacts - before.xacts - polls - 2;
    console.log(`  Postgres: ${per(xacts, runs)} transactions (≈ statements outside explicit transactions) per run`);
    const rows = [...after.byTable.entries()]
      .map(([table, stats]) => {
        const was = before.byTable.get(table) ?? { scans: 0, writes: 0 };
        return {
          table,
          scans: stats.scans - was.scans - (table === "messages" || table === "journey_runs" ? polls : 0),
          writes: stats.writes - was.writes,
        };
      })
      .filter((row) => row.scans > 0 || row.writes > 0)
      .sort((a, b) => b.scans + b.writes - (a.scans + a.writes));
    console.log("            per table, per run: scans (index + sequential) / rows written");
    for (const row of rows)
      console.log(
        `              ${row.table.padEnd(28)} ${per(row.scans, runs).padStart(6)} / ${per(row.writes, runs)}`,
      );
    const cpuLine = Object.entries(cpu)
      .filter(([, seconds]) => seconds > 0)
      .sort(([, a], [, b]) => b - a)
      .map(([role, seconds]) => `${role} ${((seconds * 1_000) / runs).toFixed(2)} ms`)
      .join(", ");
    console.log(`  CPU per run: ${cpuLine}`);
    console.log(`  machine:  ${formatMachine(machine)}`);
    if (pgStatements) await printStatementStats(pool, { units: runs, unit: "run", limit: 60 });
  } finally {
    await connection.close();
    await target.stop();
  }
  if (statementsDir) printStatements(statementsDir, runs);
}

/**
 * Statements per run of each process, over its whole life (start-up, the warm-up run and idle
 * rounds included), and of those the ones sent at least once per run: the per-run path.
 */
function printStatements(dir: string, runs: number): void {
  console.log("  Statements sent per run (whole process life / those sent at least once per run):");
  for (const file of readdirSync(dir)) {
    const { role, statements } = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as {
      role: string;
      statements: Record<string, number>;
    };
    const counts = Object.values(statements);
    const total = counts.reduce((sum, n) => sum + n, 0);
    const perRun = counts.filter((n) => n >= runs).reduce((sum, n) => sum + n, 0);
    console.log(`            ${role.padEnd(12)} ${(total / runs).toFixed(2)} / ${(perRun / runs).toFixed(2)}`);
  }
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle["fetchHistory"]>>["events"]>[number];

/** The bytes of the payloads an event carries: what the server stores and ships with the history. */
function payloadBytes(event: HistoryEvent): number {
  const payloads = [
    event.workflowExecutionStartedEventAttributes?.input,
    event.workflowExecutionCompletedEventAttributes?.result,
    event.activityTaskScheduledEventAttributes?.input,
    event.activityTaskCompletedEventAttributes?.result,
    // Local activities (the send's local attempt among them) and patches: each marker's details.
    ...Object.values(event.markerRecordedEventAttributes?.details ?? {}),
  ].flatMap((list) => list?.payloads ?? []);
  return payloads.reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0);
}

/** Event types arrive as enum numbers from the client; the names are the protobuf enum's. */
function eventTypeNumber(name: string): number {
  const order: Record<string, number> = {
    EVENT_TYPE_WORKFLOW_TASK_COMPLETED: 7,
    EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: 10,
    EVENT_TYPE_TIMER_STARTED: 17,
    EVENT_TYPE_MARKER_RECORDED: 25,
    EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: 26,
  };
  return order[name] ?? -1;
}

/** Polls the sent-message count until it reaches `count`; returns how many polls it took. */
async function waitForMessages(pool: Pool, count: number): Promise<number> {
  let polls = 0;
  for (const deadline = Date.now() + 600_000; Date.now() < deadline; polls++) {
    const { rows } = await pool.query<{ n: string }>("select count(*) as n from messages where sent_at is not null");
    if (Number(rows[0]?.n) >= count) return polls + 1;
    await sleep(500);
  }
  throw new Error(`fewer than ${count} emails were sent within 10 minutes`);
}

/** The finish bookkeeping comes after the send: wait for it too, so it is counted. */
async function waitForRunsFinished(pool: Pool, count: number): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    const { rows } = await pool.query<{ n: string }>("select count(*) as n from journey_runs where status <> 'active'");
    if (Number(rows[0]?.n) >= count) return;
    await sleep(500);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
