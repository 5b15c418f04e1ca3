// Runs the raw Temporal baseline against the benchmark's own dev server: the same count of
// runs at the same rate, started straight through the client (no HTTP, no dispatcher), so
// the report can say how close Mailstream gets to what Temporal alone allows here.
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Client, Connection } from "@temporalio/client";
import { startService } from "../services";
import { summarize, type Summary } from "../stats";
import type { baselineRun } from "./workflows";

export interface BaselineReport {
  runs: number;
  completed: number;
  rateHeld: number;
  /** Start requested → the send activity ran. */
  startToDelivered: Summary | null;
}

export async function runTemporalBaseline(options: {
  temporalAddress: string;
  count: number;
  rate: number;
  log: (line: string) => void;
}): Promise<BaselineReport> {
  const id = randomUUID().slice(0, 8);
  const [runQueue, sendQueue] = [`baseline-runs-${id}`, `baseline-send-${id}`];
  options.log("starting the baseline worker…");
  const worker = await startService({
    name: "baseline worker",
    dir: "bench",
    entry: "src/baseline/worker-main.ts",
    args: [options.temporalAddress, runQueue, sendQueue],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production" },
    readyLine: /^baseline worker ready$/m,
    timeoutMs: 120_000,
    log: options.log,
  });
  const connection = await Connection.connect({ address: options.temporalAddress });
  try {
    const client = new Client({ connection });
    options.log(`baseline: ${options.count} runs at ${options.rate}/s straight into Temporal…`);
    const start = performance.now();
    const runs: Promise<{ issuedAt: number; deliveredAt: number } | null>[] = [];
    let lastIssued = start;
    for (let i = 0; i < options.count; i++) {
      const wait = start + (i * 1_000) / options.rate - performance.now();
      if (wait > 0) await sleep(wait);
      lastIssued = performance.now();
      const issuedAt = Date.now();
      runs.push(
        client.workflow
          .execute<typeof baselineRun>("baselineRun", {
            taskQueue: runQueue,
            workflowId: `baseline-${id}-${i}`,
            args: [{ sendQueue }],
          })
          .then((deliveredAt) => ({ issuedAt, deliveredAt }))
          .catch(() => null),
      );
    }
    const results = (await Promise.all(runs)).filter((r) => r !== null);
    const spanSeconds = (lastIssued - start) / 1_000;
    return {
      runs: options.count,
      completed: results.length,
      rateHeld: spanSeconds > 0 ? Math.round(((options.count - 1) / spanSeconds) * 100) / 100 : Number.NaN,
      startToDelivered: summarize(results.map((r) => r.deliveredAt - r.issuedAt)),
    };
  } finally {
    await connection.close();
    await worker.stop();
  }
}
