// The raw Temporal baseline on the benchmark's server: its own worker process, and runs
// started straight through the client at a steady rate (no HTTP, no dispatcher, no
// database), so the report can say how close Mailstream gets to what Temporal alone allows.
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Client, Connection } from "@temporalio/client";
import { startService } from "../services";
import type { Timed } from "../sustain";
import type { baselineRun } from "./workflows";

export interface BaselineProbe {
  /** Start requested (epoch ms) → the send activity ran (epoch ms, from the worker's clock). */
  items: Timed[];
  /** Starts the server refused. */
  failed: number;
  rateHeld: number;
  /** Epoch ms of the first start. */
  start: number;
}

export interface Baseline {
  /** Starts `rate × holdSeconds` runs at `rate`/s and waits up to `drainSeconds` after the last for them to finish. */
  probe(rate: number, holdSeconds: number, drainSeconds: number): Promise<BaselineProbe>;
  /** Waits until every run started so far has finished (or `timeoutMs` passed). */
  drain(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startBaseline(options: {
  temporalAddress: string;
  log: (line: string) => void;
}): Promise<Baseline> {
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
  const client = new Client({ connection });
  let probes = 0;
  let open: Promise<unknown>[] = [];
  return {
    async probe(rate, holdSeconds, drainSeconds) {
      const prefix = `baseline-${id}-${probes++}`;
      const count = Math.max(1, Math.round(rate * holdSeconds));
      const startedAt = performance.now();
      const start = Date.now();
      let lastIssued = startedAt;
      let failed = 0;
      const items: Timed[] = [];
      const runs: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const wait = startedAt + (i * 1_000) / rate - performance.now();
        if (wait > 0) await sleep(wait);
        lastIssued = performance.now();
        const item: Timed = { acceptedAt: Date.now(), doneAt: null };
        items.push(item);
        runs.push(
          client.workflow
            .execute<typeof baselineRun>("baselineRun", {
              taskQueue: runQueue,
              workflowId: `${prefix}-${i}`,
              args: [{ sendQueue }],
            })
            .then((deliveredAt) => void (item.doneAt = deliveredAt))
            .catch(() => void failed++),
        );
      }
      const all = Promise.all(runs);
      open = [all];
      await Promise.race([all, sleep(drainSeconds * 1_000)]);
      const spanSeconds = (lastIssued - startedAt) / 1_000;
      // A copy: runs that finish after the drain time stay "not done" for the verdict.
      return {
        items: items.map((item) => ({ ...item })),
        failed,
        rateHeld: spanSeconds > 0 ? (count - 1) / spanSeconds : Number.NaN,
        start,
      };
    },
    async drain(timeoutMs) {
      await Promise.race([Promise.all(open), sleep(timeoutMs)]);
    },
    async stop() {
      await connection.close();
      await worker.stop();
    },
  };
}
