// `pnpm bench:fairness`: does one workspace's flood hold back another's journeys? On its own
// stack (local-stack.ts: Postgres, Temporal, the real worker and dispatcher processes),
// workspace A pushes --flood track events (default 50,000) as fast as --clients concurrent
// connections allow, while workspace B sends one trigger event of its live journey every
// --probe-every ms until A's backlog is dispatched. For each of B's events it reports the time
// from the 200 to its journey's workflow start (Temporal's own start time), p50/p95, and A's
// ingest and dispatch throughput. A's events trigger nothing (a flood is rarely all
// triggers), but each creates or updates a contact: real dispatch work.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { Client, Connection } from "@temporalio/client";
import { closeDb, createDb } from "@mailstream/db/client";
import { startLocalTarget, seedWorkspace } from "./local-stack";
import { describeMachine, formatMachine } from "./machine";
import { formatSummary, summarize } from "./stats";
import { basicAuth, type BenchTarget } from "./target";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const epochNow = () => performance.timeOrigin + performance.now();

// `npm run bench:fairness -- --flood 5000` reaches us through pnpm with the `--` still in argv.
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    flood: { type: "string", default: "50000" },
    clients: { type: "string", default: "64" },
    "probe-every": { type: "string", default: "250" },
    timeout: { type: "string", default: "600" },
    json: { type: "boolean", default: false },
  },
});
const floodCount = Number(args.flood);
const clients = Number(args.clients);
const probeEveryMs = Number(args["probe-every"]);
const timeoutMs = Number(args.timeout) * 1_000;
for (const [name, value] of Object.entries({ flood: floodCount, clients, "probe-every": probeEveryMs })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
}

async function post(url: string, authorization: string, body: unknown): Promise<boolean> {
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status === 200;
}

/** A's flood: `clients` loops posting back to back; resolves with the accepted count and the span. */
async function flood(target: BenchTarget, authorization: string) {
  let next = 0;
  let accepted = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < floodCount; i = next++) {
        const ok = await post(target.trackUrl, authorization, {
          userId: `flooder-${i % 5_000}`,
          event: "flood_clicked",
          messageId: `flood-${i}`,
          properties: { i },
        }).catch(() => false);
        if (ok) accepted++;
        else failed++;
      }
    }),
  );
  return { accepted, failed, seconds: (performance.now() - started) / 1_000 };
}

async function main(): Promise<void> {
  const machine = describeMachine();
  const target = await startLocalTarget({ emailRatePerSecond: 100, log });
  const { db, pool } = createDb(target.databaseUrl!);
  const connection = await Connection.connect({ address: target.temporalAddress! });
  const temporal = new Client({ connection, namespace: "default" });
  try {
    // A: the flooder (no journey on its event). B: the quiet workspace with a live journey.
    const a = await seedWorkspace(db, "Flooding workspace");
    const b = await seedWorkspace(db, "Quiet workspace");
    const probes: { userId: string; acceptedAt: number }[] = [];
    let isFlooding = true;
    const probing = (async () => {
      for (let i = 0; isFlooding; i++) {
        const userId = `quiet-${i}`;
        const ok = await post(target.trackUrl, basicAuth(b.writeKey), {
          userId,
          event: target.eventName,
          messageId: `quiet-${i}`,
          context: { traits: { email: `${userId}@mailstream.test` } },
        }).catch(() => false);
        if (ok) probes.push({ userId, acceptedAt: epochNow() });
        await sleep(probeEveryMs);
      }
    })();

    log(`workspace A floods ${floodCount} events over ${clients} connections; B probes every ${probeEveryMs} ms…`);
    const pushed = await flood(target, basicAuth(a.writeKey));
    log(`flood accepted: ${pushed.accepted} in ${pushed.seconds.toFixed(1)} s; waiting for A's backlog to drain…`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await pool.query<{ n: number }>(
        "select count(*)::int as n from events where workspace_id = $1 and dispatched_at is null and parked_at is null",
        [a.workspaceId],
      );
      if (rows[0]!.n === 0 || Date.now() > deadline) break;
      await sleep(500);
    }
    isFlooding = false;
    await probing;
    await sleep(2_000); // the last probe's round

    const { rows: dispatch } = await pool.query<{ first: string; last: string; n: number }>(
      `select extract(epoch from min(dispatched_at)) * 1000 as first, extract(epoch from max(dispatched_at)) * 1000 as last,
              count(dispatched_at)::int as n from events where workspace_id = $1`,
      [a.workspaceId],
    );
    const { rows: runs } = await pool.query<{ user_id: string; workflow_id: string }>(
      `select c.user_id, r.workflow_id from journey_runs r join contacts c on c.id = r.contact_id
        where r.workspace_id = $1`,
      [b.workspaceId],
    );
    const workflowOf = new Map(runs.map((run) => [run.user_id, run.workflow_id]));
    const latencies: number[] = [];
    let missing = 0;
    for (const probe of probes) {
      const workflowId = workflowOf.get(probe.userId);
      if (!workflowId) {
        missing++;
        continue;
      }
      const { startTime } = await temporal.workflow.getHandle(workflowId).describe();
      // The dispatcher can start the run before the client has read its 200: that counts as 0.
      latencies.push(Math.max(0, startTime.getTime() - probe.acceptedAt));
    }
    const dispatchSeconds = (Number(dispatch[0]!.last) - Number(dispatch[0]!.first)) / 1_000;
    const report = {
      flood: { ...pushed, ingestPerSecond: Math.round(pushed.accepted / pushed.seconds) },
      floodDispatch: {
        events: dispatch[0]!.n,
        seconds: Math.round(dispatchSeconds * 10) / 10,
        perSecond: Math.round(dispatch[0]!.n / dispatchSeconds),
      },
      quiet: { probes: probes.length, started: latencies.length, missing, acceptedToStarted: summarize(latencies) },
      machine,
    };
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log("");
      console.log("Mailstream fairness: workspace A floods, workspace B's trigger → its journey's workflow started");
      console.log(
        `  A ingest:    ${report.flood.accepted} accepted (${report.flood.failed} failed) in ${report.flood.seconds.toFixed(1)} s, ${report.flood.ingestPerSecond}/s`,
      );
      console.log(
        `  A dispatch:  ${report.floodDispatch.events} events in ${report.floodDispatch.seconds} s, ${report.floodDispatch.perSecond}/s`,
      );
      console.log(
        `  B:           ${report.quiet.started}/${report.quiet.probes} probes started (${missing} without a run)`,
      );
      console.log(`  B latency:   accepted → workflow started: ${formatSummary(report.quiet.acceptedToStarted)}`);
      console.log(`  machine:     ${formatMachine(machine)}`);
    }
    const p95 = report.quiet.acceptedToStarted?.p95 ?? Number.POSITIVE_INFINITY;
    if (missing > 0 || p95 > 2_000) process.exitCode = 1;
  } finally {
    await connection.close();
    await closeDb(target.databaseUrl!);
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
