// The load generator of `pnpm bench:ingest`, run as its own process (forked by ingest.ts) so
// generating requests never shares an event loop with the server it measures. One phase per
// IPC message: `raw` inserts the rows straight into Postgres (the baseline), `batch` POSTs
// them to /v1/batch, `track` POSTs one event per request; all over keep-alive connections.
// Replies with events stored, elapsed seconds and per-request latencies (ms).
import http from "node:http";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { closeDb, createDb } from "@mailstream/db/client";
import { EVENTS_CHANNEL, insertEventsOnce } from "@mailstream/db/queries/events";

/** `statement` (diagnostic): the server's own insertEventsOnce, without HTTP or validation. */
export type LoadMode = "raw" | "statement" | "batch" | "track";

export interface LoadRequest {
  mode: LoadMode;
  seconds: number;
  clients: number;
  batchSize: number;
  url: string;
  authorization: string;
  databaseUrl: string;
  workspaceId: string;
}

export interface LoadResult {
  mode: LoadMode;
  events: number;
  seconds: number;
  latencies: number[];
  failures: number;
  firstError: string | null;
  /** CPU time this load process used during the phase (user + system, µs). */
  cpuMicros: number;
}

let sequence = 0;

/** The event every phase stores: a realistic analytics-node track with properties and context. */
export function makeEvent() {
  const i = sequence++;
  return {
    type: "track" as const,
    userId: `bench-user-${i % 5000}`,
    event: "order_completed",
    messageId: randomUUID(),
    properties: { orderId: `o-${i}`, total: 42.5, currency: "EUR", items: [{ sku: "sku-1", qty: 2 }] },
    context: {
      library: { name: "bench", version: "1.0.0" },
      ip: "127.0.0.1",
      traits: { email: `bench-${i % 5000}@mailstream.test` },
    },
    timestamp: new Date().toISOString(),
  };
}

const COLUMNS = 11;

/**
 * The baseline: one multi-row INSERT … VALUES of the same columns the server writes (traits
 * from context.traits, received_at, dedupe by messageId in event_message_ids) plus the NOTIFY it queues, in one
 * statement — the same database work as /v1/batch minus HTTP, auth and validation.
 */
function rawStatement(workspaceId: string, rows: ReturnType<typeof makeEvent>[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const receivedAt = new Date().toISOString();
  const tuples = rows.map((row) => {
    const base = values.length;
    values.push(
      workspaceId,
      row.messageId,
      row.type,
      row.userId,
      null,
      row.event,
      JSON.stringify(row.properties),
      JSON.stringify(row.context.traits),
      JSON.stringify(row.context),
      row.timestamp,
      receivedAt,
    );
    const p = Array.from({ length: COLUMNS }, (_, k) => `$${base + k + 1}`);
    return `(${p[0]}::uuid, ${p[1]}, ${p[2]}::event_type, ${p[3]}, ${p[4]}, ${p[5]}, ${p[6]}::jsonb, ${p[7]}::jsonb, ${p[8]}::jsonb, ${p[9]}::timestamptz, ${p[10]}::timestamptz)`;
  });
  // The messageId is claimed in event_message_ids (the dedupe key across partitions, holding
  // the event's seq) and only claimed rows reach the partitioned events table, as
  // insertEventsOnce does.
  const text = `with input (workspace_id, message_id, type, user_id, anonymous_id, event, properties, traits, context, timestamp, received_at, seq) as (
      select *, nextval('events_seq_seq') from (values ${tuples.join(", ")}) v),
    claimed as (
      insert into event_message_ids (workspace_id, message_id, received_at, seq)
      select workspace_id, message_id, received_at, seq from input
      on conflict (workspace_id, message_id) do nothing returning seq),
    inserted as (
      insert into events (workspace_id, message_id, type, user_id, anonymous_id, event, properties, traits, context, timestamp, received_at, seq)
      select i.* from input i join claimed c using (seq) returning workspace_id)
    select pg_notify('${EVENTS_CHANNEL}', w.workspace_id::text) from (select distinct workspace_id from inserted) w`;
  return { text, values };
}

function post(agent: http.Agent, url: URL, authorization: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { authorization, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`)),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function runPhase(request: LoadRequest): Promise<LoadResult> {
  const { pool, db } = createDb(request.databaseUrl, { max: request.clients });
  if (pool.listenerCount("error") < 2) pool.on("error", () => {});
  const agent = new http.Agent({ keepAlive: true, maxSockets: request.clients });
  const batchUrl = new URL("/v1/batch", request.url);
  const trackUrl = new URL("/v1/track", request.url);
  const once = async (): Promise<number> => {
    if (request.mode === "track") {
      const { type: _type, ...event } = makeEvent();
      await post(agent, trackUrl, request.authorization, JSON.stringify(event));
      return 1;
    }
    const rows = Array.from({ length: request.batchSize }, makeEvent);
    if (request.mode === "raw") {
      const { text, values } = rawStatement(request.workspaceId, rows);
      await pool.query(text, values);
    } else if (request.mode === "statement") {
      const receivedAt = new Date();
      const events = rows.map((row) => ({
        ...row,
        workspaceId: request.workspaceId,
        anonymousId: null,
        traits: row.context.traits,
        timestamp: new Date(row.timestamp),
        receivedAt,
      }));
      await insertEventsOnce(db, events);
    } else {
      await post(
        agent,
        batchUrl,
        request.authorization,
        JSON.stringify({ batch: rows, sentAt: new Date().toISOString() }),
      );
    }
    return rows.length;
  };

  const latencies: number[] = [];
  let events = 0;
  let failures = 0;
  let firstError: string | null = null;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const deadline = start + request.seconds * 1000;
  await Promise.all(
    Array.from({ length: request.clients }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          const stored = await once();
          events += stored;
          latencies.push(performance.now() - t0);
        } catch (error) {
          failures++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return { mode: request.mode, events, seconds, latencies, failures, firstError, cpuMicros: cpu.user + cpu.system };
}

let lastDatabaseUrl: string | null = null;
process.on("message", (message: LoadRequest | "exit") => {
  if (message === "exit") {
    void closeDb(lastDatabaseUrl ?? "").finally(() => process.exit(0));
    return;
  }
  lastDatabaseUrl = message.databaseUrl;
  runPhase(message).then(
    (result) => process.send?.(result),
    (error: unknown) =>
      process.send?.({
        mode: message.mode,
        events: 0,
        seconds: 0,
        latencies: [],
        failures: 1,
        firstError: String(error),
        cpuMicros: 0,
      }),
  );
});
process.send?.("ready");
