// `pnpm bench:latency`: event-accepted → email-handed-to-transport latency. Sends --count
// track events (distinct userIds, each triggering a live journey trigger → email → exit)
// at a steady --rate, open loop (a slow response does not delay the next send), then reads
// each contact's `messages.sent_at` and prints p50/p95/p99, the rate held, and the machine.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { randomUUID } from "node:crypto";
import { readBenchConfig, type BenchConfig } from "./config";
import { createExternalTarget } from "./external-target";
import { startLocalTarget } from "./local-stack";
import { runTemporalBaseline } from "./baseline/run-baseline";
import { describeMachine, formatMachine } from "./machine";
import { formatSummary, summarize } from "./stats";
import type { BenchTarget, SentTimes } from "./target";

interface SendResult {
  userId: string;
  /** performance.now() when the request was issued (for the rate held). */
  issuedAt: number;
  /** Epoch ms (fractional) when the 200 arrived; null when the event was not accepted. */
  acceptedAt: number | null;
  ingestMs: number;
  failure?: string;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const epochNow = () => performance.timeOrigin + performance.now();

async function sendOne(target: BenchTarget, userId: string): Promise<SendResult> {
  const issuedAt = performance.now();
  try {
    const res = await fetch(target.trackUrl, {
      method: "POST",
      headers: { authorization: target.authorization, "content-type": "application/json" },
      body: JSON.stringify({
        userId,
        event: target.eventName,
        messageId: `bench-${userId}`,
        properties: { plan: "bench" },
        // .test is reserved: these addresses can never reach a real inbox.
        context: { traits: { email: `${userId}@mailstream.test`, first_name: "Bench" } },
      }),
    });
    const body = await res.text();
    const acceptedAt = epochNow();
    const ingestMs = performance.now() - issuedAt;
    if (res.status !== 200)
      return { userId, issuedAt, acceptedAt: null, ingestMs, failure: `${res.status} ${body.slice(0, 200)}` };
    return { userId, issuedAt, acceptedAt, ingestMs };
  } catch (error) {
    return {
      userId,
      issuedAt,
      acceptedAt: null,
      ingestMs: performance.now() - issuedAt,
      failure: (error as Error).message,
    };
  }
}

/** Issues one request every 1/rate s on a fixed schedule, without waiting for responses. */
async function sendAtRate(target: BenchTarget, userIds: readonly string[], rate: number): Promise<SendResult[]> {
  const start = performance.now();
  const inflight: Promise<SendResult>[] = [];
  for (const [i, userId] of userIds.entries()) {
    const wait = start + (i * 1_000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    inflight.push(sendOne(target, userId));
  }
  return Promise.all(inflight);
}

async function waitForSends(
  target: BenchTarget,
  userIds: readonly string[],
  timeoutMs: number,
): Promise<Map<string, SentTimes>> {
  const found = new Map<string, SentTimes>();
  const deadline = Date.now() + timeoutMs;
  let lastReport = Date.now();
  while (found.size < userIds.length && Date.now() < deadline) {
    const pending = userIds.filter((id) => !found.has(id));
    for (const [userId, sentAt] of await target.findSentTimes(pending)) found.set(userId, sentAt);
    if (Date.now() - lastReport > 5_000) {
      log(`${found.size}/${userIds.length} emails sent…`);
      lastReport = Date.now();
    }
    if (found.size < userIds.length) await sleep(250);
  }
  return found;
}

function userIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
}

async function run(config: BenchConfig, target: BenchTarget) {
  const runId = randomUUID().slice(0, 8);
  if (config.warmup > 0) {
    log(`warming up with ${config.warmup} events…`);
    const warm = await sendAtRate(target, userIds(`warmup-${runId}`, config.warmup), config.rate);
    await waitForSends(
      target,
      warm.filter((r) => r.acceptedAt !== null).map((r) => r.userId),
      60_000,
    );
  }

  log(`sending ${config.count} events at ${config.rate}/s…`);
  // This process sends the events (and, with our own stack, serves the track handler); its
  // CPU use shows whether the load generator itself was a limit.
  const eluStart = performance.eventLoopUtilization();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const results = await sendAtRate(target, userIds(`bench-${runId}`, config.count), config.rate);
  const accepted = results.filter((r): r is SendResult & { acceptedAt: number } => r.acceptedAt !== null);
  const failures = results.filter((r) => r.acceptedAt === null);
  const spanSeconds = ((results.at(-1)?.issuedAt ?? 0) - (results[0]?.issuedAt ?? 0)) / 1_000;
  const rateHeld = results.length > 1 && spanSeconds > 0 ? (results.length - 1) / spanSeconds : Number.NaN;

  log(`waiting up to ${config.timeoutSeconds} s for ${accepted.length} emails…`);
  const sentTimes = await waitForSends(
    target,
    accepted.map((r) => r.userId),
    config.timeoutSeconds * 1_000,
  );
  const matched = accepted.flatMap((r) => {
    const times = sentTimes.get(r.userId);
    return times ? [{ acceptedAt: r.acceptedAt, ...times }] : [];
  });
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  const process_ = {
    cpuPercentOfOneCore: Math.round(((cpu.user + cpu.system) / 1_000 / wallMs) * 100),
    eventLoopUtilization: Math.round(performance.eventLoopUtilization(eluStart).utilization * 100) / 100,
  };
  const latencies = matched.map((m) => m.sentAt - m.acceptedAt);
  const staged = matched.flatMap((m) =>
    m.stages ? [{ ...m.stages, acceptedAt: m.acceptedAt, sentAt: m.sentAt }] : [],
  );
  const stages =
    staged.length === 0
      ? null
      : {
          acceptedToClaimed: summarize(staged.map((s) => s.claimedAt - s.acceptedAt)),
          claimedToRunCreated: summarize(staged.map((s) => s.runCreatedAt - s.claimedAt)),
          runCreatedToMessageCreated: summarize(staged.map((s) => s.messageCreatedAt - s.runCreatedAt)),
          messageCreatedToSent: summarize(staged.map((s) => s.sentAt - s.messageCreatedAt)),
        };
  return {
    target: target.description,
    targetRate: config.rate,
    rateHeld: Math.round(rateHeld * 100) / 100,
    events: results.length,
    accepted: accepted.length,
    failed: failures.length,
    firstFailures: failures.slice(0, 3).map((r) => r.failure),
    emailsSent: latencies.length,
    ingest: summarize(accepted.map((r) => r.ingestMs)),
    acceptedToSent: summarize(latencies),
    stages,
    benchProcess: process_,
  };
}

async function main(): Promise<void> {
  const config = readBenchConfig();
  const machine = describeMachine();
  const target = config.external
    ? createExternalTarget(config.external)
    : await startLocalTarget({ emailRatePerSecond: Math.max(50, Math.ceil(config.rate * 2)), log });
  const onSignal = () => {
    log("interrupted; stopping");
    void target.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const report = await run(config, target);
    const baseline = target.temporalAddress
      ? await runTemporalBaseline({
          temporalAddress: target.temporalAddress,
          count: config.count,
          rate: config.rate,
          log,
        })
      : null;
    if (config.json) {
      console.log(JSON.stringify({ ...report, baseline, machine }, null, 2));
    } else {
      console.log("");
      console.log("Mailstream latency: event accepted (HTTP 200) → email handed to the transport (messages.sent_at)");
      console.log(`  target:   ${report.target}`);
      console.log(
        `  events:   ${report.events} at ${report.targetRate}/s target, ${report.rateHeld}/s held; ${report.accepted} accepted, ${report.failed} failed`,
      );
      for (const failure of report.firstFailures) console.log(`            e.g. ${failure}`);
      console.log(`  ingest:   request → 200: ${formatSummary(report.ingest)}`);
      console.log(`  latency:  accepted → sent: ${formatSummary(report.acceptedToSent)}`);
      if (report.stages) {
        console.log("  where the time went:");
        console.log(`    accepted → claimed by the dispatcher:  ${formatSummary(report.stages.acceptedToClaimed)}`);
        console.log(`    claimed → run row created:             ${formatSummary(report.stages.claimedToRunCreated)}`);
        console.log(
          `    run row → message row (workflow, render): ${formatSummary(report.stages.runCreatedToMessageCreated)}`,
        );
        console.log(`    message row → handed to transport:     ${formatSummary(report.stages.messageCreatedToSent)}`);
      }
      console.log(`  emails:   ${report.emailsSent}/${report.accepted} sent within the timeout`);
      console.log(
        `  process:  the bench process (load generator + track handler) used ${report.benchProcess.cpuPercentOfOneCore}% of one core, event loop ${Math.round(report.benchProcess.eventLoopUtilization * 100)}% busy`,
      );
      if (baseline) {
        console.log(
          "Raw baseline, same Temporal dev server: workflow start → no-op send activity ran (same shape, no DB/render/dispatcher)",
        );
        console.log(
          `  runs:     ${baseline.completed}/${baseline.runs} at ${report.targetRate}/s target, ${baseline.rateHeld}/s held`,
        );
        console.log(`  latency:  ${formatSummary(baseline.startToDelivered)}`);
        const ours = report.acceptedToSent?.p50;
        const raw = baseline.startToDelivered?.p50;
        if (ours && raw) console.log(`  ratio:    Mailstream p50 is ${(ours / raw).toFixed(1)}× the raw baseline p50`);
      }
      console.log(`  machine:  ${formatMachine(machine)}`);
    }
    if (report.failed > 0 || report.emailsSent < report.accepted) process.exitCode = 1;
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
