// `pnpm bench:latency`: event accepted → email handed to the transport, for Mailstream and
// for the raw Temporal baseline on the same server in the same run.
//
// By default it finds each side's sustainable rate by bisection (sustain.ts): a probe sends
// `rate × --hold` starts at a steady open-loop rate and is sustained when everything is done
// and the backlog (accepted, not yet sent) did not grow over the hold. Mailstream and baseline
// probes alternate, so both sides see the same machine load; after each probe the bench waits
// until the stack is back at its idle CPU (settle.ts) and prints how long that took. It prints a table: side,
// sustainable starts/s, p50/p99 accepted → sent at that rate, and the ratio.
// With `--rate` it runs one fixed-rate measurement with the stage breakdown instead.
import { randomUUID } from "node:crypto";
import { readBenchConfig, type BenchConfig } from "./config";
import { createExternalTarget } from "./external-target";
import { startLocalTarget } from "./local-stack";
import { startBaseline, type Baseline } from "./baseline/run-baseline";
import { describeMachine, formatMachine } from "./machine";
import { findTemporalMetrics, formatTemporalCounts, readTemporalCounts, type TemporalCounts } from "./temporal-metrics";
import { rateHeldOf, sendAtRate, userIds, waitForSends } from "./mailstream-probe";
import { cpuBetween, cpuMsPer, formatCpuMs, sampleCpu, type CpuByRole } from "./process-cpu";
import { formatMs, formatSummary, summarize, type Summary } from "./stats";
import { bisectRates, judgeProbe, type Timed, type Verdict } from "./sustain";
import { formatSettled, measureIdleCores, waitUntilSettled, type Settled } from "./settle";
import type { BenchTarget } from "./target";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface ProbeResult {
  rate: number;
  rateHeld: number;
  verdict: Verdict;
  latency: Summary | null;
  /** CPU seconds per role over the probe (hold and drain): own stack, or the cluster's process table. */
  cpu: CpuByRole;
  runs: number;
  /** After the last item was done: how long the stack took to be back at its idle CPU. */
  settled: Settled;
}

function describeProbe(side: string, probe: ProbeResult): string {
  const verdict = probe.verdict.isSustained ? "sustained" : `NOT sustained (${probe.verdict.reason})`;
  const latency = probe.latency
    ? `p50 ${formatMs(probe.latency.p50)}, p99 ${formatMs(probe.latency.p99)}`
    : "no samples";
  return `${side} at ${probe.rate}/s (${probe.rateHeld.toFixed(1)}/s held): ${verdict}; ${latency}; backlog ${probe.verdict.backlogEarly.toFixed(1)} → ${probe.verdict.backlogLate.toFixed(1)}; back at idle CPU ${formatSettled(probe.settled)} after the last was done`;
}

async function probeMailstream(
  config: BenchConfig,
  target: BenchTarget,
  rate: number,
  hold: number,
  idleCores: number,
): Promise<ProbeResult> {
  const ids = userIds(`bench-${randomUUID().slice(0, 8)}`, Math.max(1, Math.round(rate * hold)));
  const cpuBefore = sampleTargetCpu(config);
  const start = Date.now();
  const results = await sendAtRate(target, ids, rate);
  const accepted = results.flatMap((r) => (r.acceptedAt === null ? [] : [{ ...r, acceptedAt: r.acceptedAt }]));
  const sent = await waitForSends(
    target,
    accepted.map((r) => r.userId),
    config.drainSeconds * 1_000,
    log,
  );
  const cpu = cpuBetween(cpuBefore, sampleTargetCpu(config));
  const items: Timed[] = accepted.map((r) => ({
    acceptedAt: r.acceptedAt,
    doneAt: sent.get(r.userId)?.sentAt ?? null,
  }));
  const verdict = judgeProbe({ items, failed: results.length - accepted.length, rate, start, holdSeconds: hold });
  if (sent.size < accepted.length) {
    // Let the backlog clear, so the next probe starts from an idle system.
    log("draining Mailstream's backlog before the next probe…");
    await waitForSends(
      target,
      accepted.flatMap((r) => (sent.has(r.userId) ? [] : [r.userId])),
      config.timeoutSeconds * 1_000,
      log,
    );
  }
  const settled = await settle(config, idleCores);
  return {
    rate,
    rateHeld: rateHeldOf(results),
    verdict,
    latency: summarize(items.flatMap((item) => (item.doneAt === null ? [] : [item.doneAt - item.acceptedAt]))),
    cpu,
    runs: sent.size,
    settled,
  };
}

async function probeBaseline(
  config: BenchConfig,
  baseline: Baseline,
  rate: number,
  hold: number,
  idleCores: number,
): Promise<ProbeResult> {
  const cpuBefore = sampleTargetCpu(config);
  const probe = await baseline.probe(rate, hold, config.drainSeconds);
  const cpu = cpuBetween(cpuBefore, sampleTargetCpu(config));
  const verdict = judgeProbe({ items: probe.items, failed: probe.failed, rate, start: probe.start, holdSeconds: hold });
  if (!verdict.isSustained) {
    log("draining the baseline's backlog before the next probe…");
    await baseline.drain(config.timeoutSeconds * 1_000);
  }
  const settled = await settle(config, idleCores);
  const done = probe.items.flatMap((item) => (item.doneAt === null ? [] : [item.doneAt - item.acceptedAt]));
  return { rate, rateHeld: probe.rateHeld, verdict, latency: summarize(done), cpu, runs: done.length, settled };
}

/**
 * The next probe starts from a stack at rest, for either side alike: waits until the target's
 * processes are back at their idle CPU (settle.ts). Without a view of the target's processes
 * (a cluster without its process table) there is nothing to wait for.
 */
async function settle(config: BenchConfig, idleCores: number): Promise<Settled> {
  if (!hasCpuOfTarget(config)) return { seconds: 0, isSettled: true };
  const settled = await waitUntilSettled({ sample: () => sampleTargetCpu(config), idleCores });
  if (!settled.isSettled) log(`the stack did not settle: ${formatSettled(settled)}`);
  return settled;
}

/** Bisects both sides, one probe of each in turn; the last sustained probe of each side. */
async function findSustainableRates(
  config: BenchConfig,
  target: BenchTarget,
  baseline: Baseline | null,
  idleCores: number,
) {
  const sides = [
    {
      name: "Mailstream",
      probe: (rate: number) => probeMailstream(config, target, rate, config.holdSeconds, idleCores),
    },
    ...(baseline
      ? [
          {
            name: "raw baseline",
            probe: (rate: number) => probeBaseline(config, baseline, rate, config.holdSeconds, idleCores),
          },
        ]
      : []),
  ].map((side) => {
    const search = bisectRates({ start: config.startRate, max: config.maxRate, resolution: config.resolution });
    return { ...side, search, next: search.next(), best: null as ProbeResult | null, probes: [] as ProbeResult[] };
  });
  while (sides.some((side) => !side.next.done)) {
    for (const side of sides) {
      if (side.next.done) continue;
      const result = await side.probe(side.next.value);
      log(describeProbe(side.name, result));
      side.probes.push(result);
      if (result.verdict.isSustained) side.best = result;
      side.next = side.search.next(result.verdict.isSustained);
    }
  }
  return sides.map(({ name, best, probes }) => ({ name, best, probes }));
}

/** CPU so far by role: our own stack, or a running cluster's processes by their table. */
function sampleTargetCpu(config: BenchConfig): CpuByRole {
  return sampleCpu(config.external?.processTable ?? undefined);
}

/** Whether the target's processes are visible: our own stack, or a cluster with its process table. */
function hasCpuOfTarget(config: BenchConfig): boolean {
  return !config.external || config.external.processTable !== null;
}

/** `total ms (role ms, …)` of CPU per run, largest role first. */
function formatCpuPerRun(cpu: CpuByRole, runs: number): string {
  if (runs === 0) return "no runs";
  const { byRole, sum } = cpuMsPer(cpu, runs);
  const sorted = Object.fromEntries(Object.entries(byRole).sort(([, a], [, b]) => b - a));
  return `${sum.toFixed(1)} ms (${formatCpuMs(sorted)})`;
}

async function runSustainable(config: BenchConfig, target: BenchTarget) {
  const machine = describeMachine();
  const temporalAddress = config.temporalAddress ?? target.temporalAddress;
  const baseline = temporalAddress ? await startBaseline({ temporalAddress, log }) : null;
  try {
    if (config.warmup > 0) {
      log(`warming up with ${config.warmup} events…`);
      const warm = await sendAtRate(target, userIds(`warmup-${randomUUID().slice(0, 8)}`, config.warmup), 10);
      await waitForSends(
        target,
        warm.flatMap((r) => (r.acceptedAt === null ? [] : [r.userId])),
        60_000,
        log,
      );
      await baseline?.probe(10, Math.max(1, config.warmup / 10), config.drainSeconds);
    }
    // The level every probe's settling waits for: the whole stack (both workers) at rest.
    const idleCores = hasCpuOfTarget(config) ? await measureIdleCores(() => sampleTargetCpu(config), 5) : 0;
    log(`idle CPU of the stack: ${idleCores.toFixed(2)} cores`);
    const sides = await findSustainableRates(config, target, baseline, idleCores);
    if (config.json) {
      console.log(JSON.stringify({ hold: config.holdSeconds, sides, machine }, null, 2));
      return;
    }
    const [ours, raw] = sides;
    console.log("");
    console.log(
      `Sustainable starts/s (held ${config.holdSeconds} s, backlog not growing; bisected to ${config.resolution}/s), accepted → sent at that rate`,
    );
    console.log(`  target:   ${target.description}${temporalAddress ? `; Temporal ${temporalAddress}` : ""}`);
    console.log("");
    console.log("| side | sustainable starts/s | p50 | p99 | ratio |");
    console.log("| --- | ---: | ---: | ---: | ---: |");
    for (const side of sides) {
      const best = side.best;
      const ratio =
        best && raw?.best && side !== raw ? (best.rate / raw.best.rate).toFixed(2) : side === raw ? "1.00" : "–";
      console.log(
        `| ${side.name} | ${best ? best.rate : "< " + config.resolution} | ${best?.latency ? formatMs(best.latency.p50) : "–"} | ${best?.latency ? formatMs(best.latency.p99) : "–"} | ${ratio} |`,
      );
    }
    console.log("");
    for (const side of sides) {
      console.log(
        `  ${side.name} probes: ${side.probes.map((p) => `${p.rate}${p.verdict.isSustained ? "✓" : "✗"}`).join(" ")}`,
      );
      console.log(
        `    back at idle CPU after each probe: ${side.probes.map((p) => `${p.rate}/s ${formatSettled(p.settled)}`).join(", ")}`,
      );
      // Without a sustained rate, the slowest probe still says what a run cost.
      const shown = side.best ?? side.probes.reduce((a, b) => (b.rate < a.rate ? b : a));
      if (hasCpuOfTarget(config))
        console.log(`    CPU per run at ${shown.rate}/s: ${formatCpuPerRun(shown.cpu, shown.runs)}`);
    }
    if (ours && !ours.best) process.exitCode = 1;
    console.log(`  machine:  ${formatMachine(machine)}`);
  } finally {
    await baseline?.stop();
  }
}

/** One fixed-rate measurement with the stage breakdown (`--rate`). */
async function runFixedRate(config: BenchConfig, target: BenchTarget, rate: number) {
  const machine = describeMachine();
  const runId = randomUUID().slice(0, 8);
  if (config.warmup > 0) {
    log(`warming up with ${config.warmup} events…`);
    const warm = await sendAtRate(target, userIds(`warmup-${runId}`, config.warmup), rate);
    await waitForSends(
      target,
      warm.flatMap((r) => (r.acceptedAt === null ? [] : [r.userId])),
      60_000,
      log,
    );
  }
  log(`sending ${config.count} events at ${rate}/s…`);
  // The server's own counts around each side (a local stack's dev server; not an external one).
  const temporalAddress = config.temporalAddress ?? target.temporalAddress;
  const metricsUrl = temporalAddress && !config.external ? await findTemporalMetrics(temporalAddress) : null;
  const countsNow = () => (metricsUrl ? readTemporalCounts(metricsUrl) : Promise.resolve(null));
  const countsBefore = await countsNow();
  const cpuBefore = sampleTargetCpu(config);
  const results = await sendAtRate(target, userIds(`bench-${runId}`, config.count), rate);
  const accepted = results.flatMap((r) => (r.acceptedAt === null ? [] : [{ ...r, acceptedAt: r.acceptedAt }]));
  const failures = results.filter((r) => r.acceptedAt === null);
  log(`waiting up to ${config.timeoutSeconds} s for ${accepted.length} emails…`);
  const sentTimes = await waitForSends(
    target,
    accepted.map((r) => r.userId),
    config.timeoutSeconds * 1_000,
    log,
  );
  const cpu = cpuBetween(cpuBefore, sampleTargetCpu(config));
  const countsAfter = await countsNow();
  const matched = accepted.flatMap((r) => {
    const times = sentTimes.get(r.userId);
    return times ? [{ acceptedAt: r.acceptedAt, ...times }] : [];
  });
  const staged = matched.flatMap((m) =>
    m.stages ? [{ ...m.stages, acceptedAt: m.acceptedAt, sentAt: m.sentAt }] : [],
  );
  // The baseline runs after Mailstream at the same rate and count; its CPU is sampled around
  // its own probe (its worker already started), so each side's CPU per run is its own.
  let baseline: { line: string; cpu: CpuByRole; runs: number; counts: [TemporalCounts, TemporalCounts] | null } | null =
    null;
  if (temporalAddress) {
    const raw = await startBaseline({ temporalAddress, log });
    try {
      const rawCountsBefore = await countsNow();
      const rawCpuBefore = sampleTargetCpu(config);
      const probe = await raw.probe(rate, config.count / rate, config.timeoutSeconds);
      const rawCpu = cpuBetween(rawCpuBefore, sampleTargetCpu(config));
      const rawCountsAfter = await countsNow();
      const done = probe.items.flatMap((item) => (item.doneAt === null ? [] : [item.doneAt - item.acceptedAt]));
      baseline = {
        line: `  raw baseline (same server, same rate): ${done.length}/${probe.items.length} done, ${probe.rateHeld.toFixed(1)}/s held; ${formatSummary(summarize(done))}`,
        cpu: rawCpu,
        runs: done.length,
        counts: rawCountsBefore && rawCountsAfter ? [rawCountsBefore, rawCountsAfter] : null,
      };
    } finally {
      await raw.stop();
    }
  }
  const latency = summarize(matched.map((m) => m.sentAt - m.acceptedAt));
  const cpuMs = matched.length > 0 ? cpuMsPer(cpu, matched.length) : null;
  const rawCpuMs = baseline && baseline.runs > 0 ? cpuMsPer(baseline.cpu, baseline.runs) : null;
  if (config.json) {
    console.log(
      JSON.stringify(
        {
          rate,
          accepted: accepted.length,
          failed: failures.length,
          latency,
          cpu,
          cpuMsPerRun: hasCpuOfTarget(config) ? { mailstream: cpuMs, baseline: rawCpuMs } : null,
          machine,
        },
        null,
        2,
      ),
    );
  } else {
    console.log("");
    console.log("Mailstream latency: event accepted (HTTP 200) → email handed to the transport (messages.sent_at)");
    console.log(`  target:   ${target.description}`);
    console.log(
      `  events:   ${results.length} at ${rate}/s target, ${rateHeldOf(results).toFixed(2)}/s held; ${accepted.length} accepted, ${failures.length} failed`,
    );
    for (const failure of failures.slice(0, 3)) console.log(`            e.g. ${failure.failure}`);
    console.log(`  ingest:   request → 200: ${formatSummary(summarize(accepted.map((r) => r.ingestMs)))}`);
    console.log(`  latency:  accepted → sent: ${formatSummary(latency)}`);
    if (staged.length > 0) {
      console.log("  where the time went:");
      console.log(
        `    accepted → claimed by the dispatcher:  ${formatSummary(summarize(staged.map((s) => s.claimedAt - s.acceptedAt)))}`,
      );
      console.log(
        `    claimed → run row created:             ${formatSummary(summarize(staged.map((s) => s.runCreatedAt - s.claimedAt)))}`,
      );
      console.log(
        `    run row → message row (workflow, render): ${formatSummary(summarize(staged.map((s) => s.messageCreatedAt - s.runCreatedAt)))}`,
      );
      console.log(
        `    message row → handed to transport:     ${formatSummary(summarize(staged.map((s) => s.sentAt - s.messageCreatedAt)))}`,
      );
    }
    console.log(`  emails:   ${matched.length}/${accepted.length} sent within the timeout`);
    if (baseline) console.log(baseline.line);
    if (hasCpuOfTarget(config)) {
      console.log(`  CPU per run, Mailstream:   ${formatCpuPerRun(cpu, matched.length)}`);
      if (baseline) console.log(`  CPU per run, raw baseline: ${formatCpuPerRun(baseline.cpu, baseline.runs)}`);
      // What issue 14 asks of Mailstream: on two cores the sustainable rate is about cores ÷ CPU per run.
      if (cpuMs && rawCpuMs)
        console.log(`  CPU ratio (baseline ÷ Mailstream): ${(rawCpuMs.sum / cpuMs.sum).toFixed(2)}`);
      if (countsBefore && countsAfter && matched.length > 0)
        for (const line of formatTemporalCounts(countsBefore, countsAfter, matched.length))
          console.log(`  Temporal server per run, Mailstream:   ${line}`);
      if (baseline?.counts && baseline.runs > 0)
        for (const line of formatTemporalCounts(...baseline.counts, baseline.runs))
          console.log(`  Temporal server per run, raw baseline: ${line}`);
    }
    console.log(`  machine:  ${formatMachine(machine)}`);
  }
  if (failures.length > 0 || matched.length < accepted.length) process.exitCode = 1;
}

async function main(): Promise<void> {
  const config = readBenchConfig();
  const target = config.external
    ? createExternalTarget(config.external)
    : await startLocalTarget({
        emailRatePerSecond: Math.max(50, Math.ceil((config.rate ?? config.maxRate) * 2)),
        workers: config.workers,
        log,
      });
  const onSignal = () => {
    log("interrupted; stopping");
    void target.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (config.rate !== null) await runFixedRate(config, target, config.rate);
    else await runSustainable(config, target);
  } finally {
    await target.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
