// `pnpm bench:ingest`: events/s durably accepted (HTTP 200 = committed) through
// `/v1/batch` (batches of --batch-size from --batch-clients concurrent clients) and through
// single `/v1/track` requests (--track-clients concurrent keep-alive clients, group commit),
// with p50/p99 request latency, beside a RAW BASELINE measured in the same run: multi-row
// INSERTs of the same rows straight into Postgres with the same batch size and concurrency.
// Its own stack (fresh embedded Postgres on a free port), the real ingest handlers behind a
// node:http server on 127.0.0.1, each phase bounded by --seconds. A diagnostic "statement"
// phase runs the server's own INSERT (dedupe RETURNING + NOTIFY) without HTTP/validation.
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { startIngestServer } from "@mailstream/api/http/ingest-node-server";
import { closeDb, createDb } from "@mailstream/db/client";
import { generateApiKey, insertApiKey } from "@mailstream/db/queries/api-keys";
import { insertEventsOnce } from "@mailstream/db/queries/events";
import { createWorkspace } from "@mailstream/db/queries/workspaces";
import { startTestStack } from "@mailstream/runtime/test-stack";
import { describeMachine, formatMachine } from "./machine";
import { formatMs, summarize } from "./stats";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// `npm run bench:ingest -- --seconds 5` reaches us through pnpm with the `--` still in argv.
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    seconds: { type: "string", default: "8" },
    "batch-size": { type: "string", default: "100" },
    "batch-clients": { type: "string", default: "4" },
    "track-clients": { type: "string", default: "50" },
  },
});
const seconds = Number(args.seconds);
const batchSize = Number(args["batch-size"]);
const batchClients = Number(args["batch-clients"]);
const trackClients = Number(args["track-clients"]);

interface PhaseResult {
  name: string;
  events: number;
  eventsPerSecond: number;
  latencies: number[];
  failures: number;
}

/** The event every phase stores: a realistic track with properties and context. */
function makeEvent(i: number) {
  return {
    type: "track",
    userId: `bench-user-${i % 5000}`,
    event: "order_completed",
    messageId: randomUUID(),
    properties: { orderId: `o-${i}`, total: 42.5, currency: "EUR", items: [{ sku: "sku-1", qty: 2 }] },
    context: { library: { name: "bench" }, ip: "127.0.0.1", traits: { email: `bench-${i % 5000}@mailstream.test` } },
    timestamp: new Date().toISOString(),
  };
}

/** Runs `clients` loops until the deadline; each call returns how many events it stored. */
async function runPhase(name: string, clients: number, once: (n: number) => Promise<number>): Promise<PhaseResult> {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let events = 0;
  let failures = 0;
  let counter = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          // Not `events += await …`: that reads the total before the await and loses the other loops' adds.
          const stored = await once(counter++);
          events += stored;
          latencies.push(performance.now() - t0);
        } catch (error) {
          if (failures++ === 0) log(`${name}: ${(error as Error).message}`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return { name, events, eventsPerSecond: events / elapsed, latencies, failures };
}

async function main(): Promise<void> {
  log(`starting a fresh Postgres (phases of ${seconds} s)…`);
  const stack = await startTestStack();
  const { db, pool } = createDb(stack.databaseUrl);
  pool.on("error", () => {});
  const server = await startIngestServer(db);
  try {
    const workspace = await createWorkspace(db, { name: "Ingest bench", slug: `bench-${randomUUID().slice(0, 8)}` });
    const writeKey = generateApiKey("write");
    await insertApiKey(db, workspace.id, "write", writeKey);
    const authorization = `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;
    const post = async (path: string, body: unknown): Promise<void> => {
      const res = await fetch(`${server.url}${path}`, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify(body) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${res.status} ${text.slice(0, 200)}`);
    };

    // RAW: the same rows, one multi-row INSERT per batch, straight into Postgres.
    const raw = await runPhase("raw INSERT", batchClients, async (n) => {
      const rows = Array.from({ length: batchSize }, (_, i) => makeEvent(n * batchSize + i));
      const params: unknown[] = [];
      const tuples = rows.map((row) => {
        const base = params.length;
        params.push(workspace.id, row.messageId, row.type, row.userId, row.event, JSON.stringify(row.properties), JSON.stringify(row.context), row.timestamp);
        return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}::jsonb, $${base + 7}::jsonb, $${base + 8}::timestamptz)`;
      });
      await pool.query(
        `insert into events (workspace_id, message_id, type, user_id, event, properties, context, timestamp) values ${tuples.join(", ")} on conflict (workspace_id, message_id) do nothing`,
        params,
      );
      return batchSize;
    });
    log(`raw: ${raw.eventsPerSecond.toFixed(0)} events/s`);
    // Diagnostic: the server's own statement (dedupe RETURNING + NOTIFY) without HTTP or validation.
    const statement = await runPhase("statement", batchClients, async (n) => {
      const rows = Array.from({ length: batchSize }, (_, i) => makeEvent(n * batchSize + i));
      await insertEventsOnce(db, rows.map((row) => ({ ...row, type: "track" as const, workspaceId: workspace.id, anonymousId: null, traits: row.context.traits, timestamp: new Date(row.timestamp) })));
      return batchSize;
    });
    const batch = await runPhase("/v1/batch", batchClients, async (n) => {
      await post("/v1/batch", { batch: Array.from({ length: batchSize }, (_, i) => makeEvent(n * batchSize + i)), sentAt: new Date().toISOString() });
      return batchSize;
    });
    log(`batch: ${batch.eventsPerSecond.toFixed(0)} events/s`);
    const single = await runPhase("/v1/track", trackClients, async (n) => {
      const { type: _type, ...event } = makeEvent(n);
      await post("/v1/track", event);
      return 1;
    });
    log(`track: ${single.eventsPerSecond.toFixed(0)} events/s`);

    const line = (phase: PhaseResult, unit: string) => {
      const s = summarize(phase.latencies);
      return `${phase.name.padEnd(11)} ${phase.eventsPerSecond.toFixed(0).padStart(7)} events/s  ${unit.padEnd(16)} p50 ${s ? formatMs(s.p50) : "-"}  p99 ${s ? formatMs(s.p99) : "-"}  (${phase.events} events, ${phase.failures} failed)`;
    };
    const report = [
      "",
      `Ingest throughput (durably committed), ${seconds} s per phase — ${formatMachine(describeMachine())}`,
      line(raw, `${batchClients}×${batchSize}/stmt`),
      line(statement, `${batchClients}×${batchSize}/stmt`),
      line(batch, `${batchClients}×${batchSize}/req`),
      line(single, `${trackClients} clients`),
      `batch / raw = ${((batch.eventsPerSecond / raw.eventsPerSecond) * 100).toFixed(0)}% (target ≥ 60%)   track / raw = ${((single.eventsPerSecond / raw.eventsPerSecond) * 100).toFixed(0)}%`,
      "",
    ];
    process.stdout.write(report.join("\n"));
  } finally {
    await server.close();
    await closeDb(stack.databaseUrl).catch(() => {});
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
