// `pnpm bench:recovery`: what a Mailstream stack does after an overload. A burst above the
// sustainable rate (`--burst 40` for `--burst-hold 60` s), the bench waits for every email,
// then watches the idle stack for `--watch` s, and runs one probe at `--after` (25/s) the way
// bench:latency does. Every second it prints each process's CPU (cores), the two task
// queues' backlog as Temporal reports it, Postgres's busy backends (autovacuum included) and
// the dev server's persistence calls; afterwards it counts, in a sample of the runs' histories,
// the workflow-task and activity timeouts and retries the overload caused. `--fresh` skips the
// burst: the same probe on a stack that never was overloaded, for comparison.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { Client, Connection } from "@temporalio/client";
import pg from "pg";
import { EMAIL_TASK_QUEUE, JOURNEY_TASK_QUEUE } from "@mailstream/temporal-contracts";
import { startLocalTarget } from "./local-stack";
import { sendAtRate, userIds, waitForSends } from "./mailstream-probe";
import { cpuBetween, cpuMsPer, formatCpuMs, sampleCpu, type CpuByRole } from "./process-cpu";
import { findTemporalMetrics, formatTemporalCounts, readTemporalCounts } from "./temporal-metrics";
import { formatMs, summarize } from "./stats";
import { judgeProbe } from "./sustain";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const { values: flags } = parseArgs({
  options: {
    burst: { type: "string", default: "40" },
    "burst-hold": { type: "string", default: "60" },
    watch: { type: "string", default: "60" },
    after: { type: "string", default: "25" },
    "after-hold": { type: "string", default: "60" },
    fresh: { type: "boolean", default: false },
    histories: { type: "string", default: "200" },
  },
});
const burstRate = Number(flags.burst);
const burstHold = Number(flags["burst-hold"]);
const watchSeconds = Number(flags.watch);
const afterRate = Number(flags.after);
const afterHold = Number(flags["after-hold"]);
const historySample = Number(flags.histories);

/** Every counter of the dev server, by `name{operation}`. */
async function readAllCounters(url: string | null): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!url) return counts;
  try {
    const text = await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();
    for (const line of text.split("\n")) {
      const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
      if (!match || match[1]!.endsWith("_bucket")) continue;
      const operation = /operation="([^"]*)"/.exec(match[2]!)?.[1] ?? "";
      const key = `${match[1]}{${operation}}`;
      counts.set(key, (counts.get(key) ?? 0) + Number(match[3]));
    }
  } catch {
    // a bench never fails for its counts
  }
  return counts;
}

function counterDiff(before: Map<string, number>, after: Map<string, number>, filter: RegExp): string[] {
  return [...after.entries()]
    .map(([key, value]) => [key, value - (before.get(key) ?? 0)] as const)
    .filter(([key, delta]) => delta > 0 && filter.test(key))
    .sort((a, b) => b[1] - a[1])
    .map(([key, delta]) => `${key} ${delta}`);
}

async function main() {
  const target = await startLocalTarget({ emailRatePerSecond: 400, log });
  // Interrupted, the stack's Postgres, Temporal and workers stop with the bench.
  const onSignal = () => {
    log("interrupted; stopping");
    void target.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const connection = await Connection.connect({ address: target.temporalAddress! });
  const client = new Client({ connection });
  const pool = new pg.Pool({ connectionString: target.databaseUrl, max: 1 });
  const metricsUrl = await findTemporalMetrics(target.temporalAddress!);
  // Proto enums by number (the bench does not depend on @temporalio/proto): task-queue type
  // 1 workflow, 2 activity; kind 1 normal.
  const backlogOf = async (name: string, type: 1 | 2) => {
    try {
      const response = await connection.workflowService.describeTaskQueue({
        namespace: "default",
        taskQueue: { name, kind: 1 },
        taskQueueType: type,
        reportStats: true,
      });
      return Number(response.stats?.approximateBacklogCount ?? 0);
    } catch {
      return Number.NaN;
    }
  };
  const busyBackends = async () => {
    const { rows } = await pool.query<{ what: string; n: string }>(
      `select case when backend_type = 'autovacuum worker' then 'autovacuum: ' || coalesce(query, '')
                   else backend_type || ' ' || coalesce(state, '') end as what, count(*) as n
         from pg_stat_activity where pid <> pg_backend_pid() and (state is distinct from 'idle')
          and backend_type in ('client backend', 'autovacuum worker')
        group by 1 order by 2 desc`,
    );
    return rows.map((row) => `${row.n}×${row.what.slice(0, 70)}`).join("; ");
  };
  let lastCpu = sampleCpu();
  let lastMachine = machineBusy();
  let lastCounters = await readAllCounters(metricsUrl);
  const tick = async (label: string) => {
    const cpu = sampleCpu();
    const delta = cpuBetween(lastCpu, cpu);
    lastCpu = cpu;
    const counters = await readAllCounters(metricsUrl);
    let persistence = 0;
    for (const [key, value] of counters)
      if (key.startsWith("persistence_requests{")) persistence += value - (lastCounters.get(key) ?? 0);
    lastCounters = counters;
    const [wft, act] = await Promise.all([backlogOf(JOURNEY_TASK_QUEUE, 1), backlogOf(EMAIL_TASK_QUEUE, 2)]);
    const total = Object.values(delta).reduce((a, b) => a + b, 0);
    const machine = machineBusy();
    const machineCpu = machine - lastMachine;
    lastMachine = machine;
    const roles = Object.entries(delta)
      .filter(([, s]) => s >= 0.01)
      .sort((a, b) => b[1] - a[1])
      .map(([r, s]) => `${r} ${s.toFixed(2)}`)
      .join(", ");
    log(
      `${label} machine ${machineCpu.toFixed(2)} cpu ${total.toFixed(2)} (${roles}); backlog journeys-wft ${wft} email-act ${act}; persistence ${persistence}; pg ${await busyBackends()}`,
    );
    return total;
  };

  /** Sends `rate × seconds` events at `rate`, ticking every 5 s, and waits for their emails. */
  const loadAndWait = async (label: string, rate: number, seconds: number, timeoutMs: number) => {
    const ids = userIds(`${label}-${randomUUID().slice(0, 6)}`, rate * seconds);
    const start = Date.now();
    let running = true;
    const ticker = (async () => {
      for (let elapsed = 5; running; elapsed += 5) {
        await sleep(5_000);
        if (running) await tick(`${label} ${elapsed}s`);
      }
    })();
    const results = await sendAtRate(target, ids, rate);
    const accepted = results.flatMap((r) => (r.acceptedAt === null ? [] : [{ ...r, acceptedAt: r.acceptedAt }]));
    const sent = await waitForSends(
      target,
      accepted.map((r) => r.userId),
      timeoutMs,
      log,
    );
    running = false;
    await ticker;
    const items = accepted.map((r) => ({ acceptedAt: r.acceptedAt, doneAt: sent.get(r.userId)?.sentAt ?? null }));
    const latency = summarize(items.flatMap((i) => (i.doneAt === null ? [] : [i.doneAt - i.acceptedAt])));
    return { ids, start, failed: results.length - accepted.length, accepted, sent, items, latency };
  };

  try {
    log(`warming up…`);
    const warm = await sendAtRate(target, userIds(`warm-${randomUUID().slice(0, 6)}`, 20), 10);
    await waitForSends(
      target,
      warm.map((r) => r.userId),
      60_000,
      log,
    );
    await sleep(3_000);
    await tick("idle");
    for (let i = 0; i < 5; i++) {
      await sleep(1_000);
      await tick(`idle +${i + 1}s`);
    }
    const countersStart = await readAllCounters(metricsUrl);
    const burstStartedAt = new Date();
    if (!flags.fresh) {
      log(`burst: ${burstRate}/s for ${burstHold} s`);
      const cpuBefore = sampleCpu();
      const countsBefore = metricsUrl ? await readTemporalCounts(metricsUrl) : null;
      const { ids, accepted, latency: lat } = await loadAndWait("burst", burstRate, burstHold, 900_000);
      const drainedAt = Date.now();
      log(
        `burst: ${accepted.length}/${ids.length} accepted, all sent ${((drainedAt - burstStartedAt.getTime()) / 1000).toFixed(0)} s after its start; p50 ${lat ? formatMs(lat.p50) : "–"}, p99 ${lat ? formatMs(lat.p99) : "–"}`,
      );
      const cpuBurst = cpuBetween(cpuBefore, sampleCpu());
      const per = cpuMsPer(cpuBurst, accepted.length);
      log(`burst CPU per run ${per.sum.toFixed(1)} ms (${formatCpuMs(per.byRole)})`);
      const countsAfter = metricsUrl ? await readTemporalCounts(metricsUrl) : null;
      if (countsBefore && countsAfter)
        for (const line of formatTemporalCounts(countsBefore, countsAfter, accepted.length))
          log(`burst per run: ${line}`);
      log(
        `server counters over burst+drain: ${counterDiff(countersStart, await readAllCounters(metricsUrl), /timeout|timed|retry|attempt|sticky|fail|error|evict|throttl|rate_limit/i).join(", ")}`,
      );
      const countersWatch = await readAllCounters(metricsUrl);
      const cpuWatchBefore = sampleCpu();
      for (let i = 1; i <= watchSeconds; i++) {
        await sleep(1_000);
        await tick(`after drain +${i}s`);
      }
      const watchCpu = cpuBetween(cpuWatchBefore, sampleCpu());
      log(`watch CPU s by role: ${formatCpuMs(watchCpu)}`);
      log(
        `server counters over the watch: ${counterDiff(countersWatch, await readAllCounters(metricsUrl), /./)
          .slice(0, 25)
          .join(", ")}`,
      );
    }

    log(`probe: ${afterRate}/s for ${afterHold} s`);
    const cpuBefore: CpuByRole = sampleCpu();
    const probeCountsBefore = metricsUrl ? await readTemporalCounts(metricsUrl) : null;
    const { start, failed, sent, items, latency: lat } = await loadAndWait("probe", afterRate, afterHold, 300_000);
    const verdict = judgeProbe({
      items,
      failed,
      rate: afterRate,
      start,
      holdSeconds: afterHold,
    });
    const per = cpuMsPer(cpuBetween(cpuBefore, sampleCpu()), sent.size);
    const probeCountsAfter = metricsUrl ? await readTemporalCounts(metricsUrl) : null;
    if (probeCountsBefore && probeCountsAfter)
      for (const line of formatTemporalCounts(probeCountsBefore, probeCountsAfter, sent.size))
        console.log(`probe per run: ${line}`);
    console.log(
      `probe ${afterRate}/s${flags.fresh ? " (fresh stack)" : ` (after a ${burstRate}/s burst)`}: ${verdict.isSustained ? "sustained" : `NOT sustained (${verdict.reason})`}; backlog ${verdict.backlogEarly.toFixed(1)} → ${verdict.backlogLate.toFixed(1)}; p50 ${lat ? formatMs(lat.p50) : "–"}, p99 ${lat ? formatMs(lat.p99) : "–"}; CPU per run ${per.sum.toFixed(1)} ms (${formatCpuMs(per.byRole)})`,
    );

    // Histories: what the overload made Temporal and the worker do again.
    if (!flags.fresh) console.log(`burst runs: ${await tallyHistories(client, burstStartedAt, new Date(start))}`);
    console.log(`probe runs: ${await tallyHistories(client, new Date(start), new Date())}`);
  } finally {
    await pool.end();
    await connection.close();
    await target.stop();
  }
}

/** CPU seconds the whole machine was busy so far (every process, ours or not): /proc/stat. */
function machineBusy(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  const busy = fields.slice(0, 8).reduce((sum, ticks, i) => (i === 3 || i === 4 ? sum : sum + ticks), 0);
  return busy / 100;
}

/** Event and timeout types by proto number: the ones a retry or a timeout shows as. */
const EVENT_NAMES: Record<number, string> = {
  5: "WorkflowTaskScheduled",
  6: "WorkflowTaskStarted",
  7: "WorkflowTaskCompleted",
  8: "WorkflowTaskTimedOut",
  9: "WorkflowTaskFailed",
  10: "ActivityTaskScheduled",
  11: "ActivityTaskStarted",
  12: "ActivityTaskCompleted",
  13: "ActivityTaskFailed",
  14: "ActivityTaskTimedOut",
  25: "MarkerRecorded",
};
const TIMEOUT_NAMES: Record<number, string> = {
  1: "StartToClose",
  2: "ScheduleToStart",
  3: "ScheduleToClose",
  4: "Heartbeat",
};

/** Event counts over up to `historySample` journeyRun histories started in [from, to). */
async function tallyHistories(client: Client, from: Date, to: Date): Promise<string> {
  const tally = new Map<string, number>();
  const add = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
  let runs = 0;
  const query = `WorkflowType = 'journeyRun' AND StartTime >= '${from.toISOString()}' AND StartTime < '${to.toISOString()}'`;
  for await (const execution of client.workflow.list({ query })) {
    if (runs >= historySample) break;
    runs++;
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    for (const event of history.events ?? []) {
      const name = EVENT_NAMES[Number(event.eventType)] ?? "other";
      add(name);
      const attempt =
        event.activityTaskStartedEventAttributes?.attempt ?? event.workflowTaskScheduledEventAttributes?.attempt;
      if (typeof attempt === "number" && attempt > 1) {
        add(`${name} attempt>1`);
        const failure = event.activityTaskStartedEventAttributes?.lastFailure;
        if (failure)
          add(
            `previous attempt: ${failure.message ?? "?"}${failure.timeoutFailureInfo ? ` (timeout ${TIMEOUT_NAMES[Number(failure.timeoutFailureInfo.timeoutType)]})` : ""}`,
          );
      }
      const timeout =
        event.workflowTaskTimedOutEventAttributes?.timeoutType ??
        event.activityTaskTimedOutEventAttributes?.failure?.timeoutFailureInfo?.timeoutType;
      if (timeout) add(`${name} ${TIMEOUT_NAMES[Number(timeout)] ?? timeout}`);
    }
  }
  return `${runs} histories: ${[...tally.entries()].map(([k, v]) => `${k} ${v}`).join(", ")}`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
