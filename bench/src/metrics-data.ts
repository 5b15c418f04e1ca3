// bench:metrics data: one journey's history generated inside Postgres, fast enough that 10M
// message events load in minutes on two cores. INSERT … SELECT generate_series straight into
// the rollups' source tables on one session with `session_replication_role = replica` (no
// FK checks, no per-row triggers), secondary indexes dropped during the load and rebuilt after
// in one pass each, then `metrics_rebuild_rollups()` (the migration's set-based rebuild, which
// equals what the triggers write: packages/core/src/metrics/metrics-rollups.test.ts). The data is the same as
// trigger-fed rows would be; only the way it gets there is bulk.
import { performance } from "node:perf_hooks";
import type { createDb } from "@mailstream/db/client";

type Pool = ReturnType<typeof createDb>["pool"];
/** The part of a pooled pg client the load uses (one session: its SET commands must stick). */
interface Client {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  release(): void;
}

export interface BenchIds {
  ws: string;
  journey: string;
  version: string;
}

const TABLES = ["contacts", "journey_runs", "run_steps", "messages", "message_events"] as const;
/** History spans 30 days of minutes. */
export const SPAN_MINUTES = 43_200;
const uuidOf = (prefix: string, g: string) => `('00000000-0000-4000-${prefix}-' || lpad(to_hex(${g}), 12, '0'))::uuid`;
export const messageUuid = (g: string) => uuidOf("a000", g);

type Log = (line: string) => void;

async function timed(log: Log, what: string, client: Client, statement: string): Promise<void> {
  const t = performance.now();
  const result = await client.query(statement);
  log(`  ${what}: ${result.rowCount ?? 0} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** Secondary (non-primary-key) index definitions of the bulk tables, to drop and recreate. */
async function secondaryIndexes(
  client: Client,
): Promise<{ name: string; def: string; constraint: string | null; table: string }[]> {
  const result = await client.query(
    `
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def, c.conname as constraint, t.relname as table
    from pg_index i join pg_class t on t.oid = i.indrelid
    left join pg_constraint c on c.conindid = i.indexrelid
    where t.relname = any($1) and not i.indisprimary`,
    [TABLES],
  );
  return result.rows as { name: string; def: string; constraint: string | null; table: string }[];
}

/** Grows the history from `from` to `total` message events (10 per message, one run per message). */
export async function growHistory(pool: Pool, ids: BenchIds, from: number, total: number, log: Log): Promise<void> {
  const m0 = from / 10;
  const m1 = total / 10;
  const range = `generate_series(${m0 + 1}, ${m1}) g`;
  const at = (g: string) => `now() - (${g} % ${SPAN_MINUTES}) * interval '1 minute'`;
  log(`generating messages ${m0}..${m1} and message events ${from}..${total}`);
  const t = performance.now();
  const client: Client = await pool.connect();
  try {
    await client.query("set session_replication_role = replica");
    await client.query("set synchronous_commit = off");
    await client.query("set maintenance_work_mem = '512MB'");
    const indexes = await secondaryIndexes(client);
    for (const index of indexes)
      await client.query(
        index.constraint
          ? `alter table ${index.table} drop constraint ${index.constraint}`
          : `drop index ${index.name}`,
      );
    await timed(
      log,
      "contacts",
      client,
      `
      insert into contacts (id, workspace_id, user_id, email)
      select ${uuidOf("8000", "g")}, '${ids.ws}', 'u' || g, 'u' || g || '@d' || (g % 40) || '.test' from ${range}`,
    );
    // A fifth of the runs still active (waiting at their email node), the rest completed five
    // minutes after entry; one in ten converts within two hours of the send.
    await timed(
      log,
      "journey_runs",
      client,
      `
      insert into journey_runs (id, workspace_id, journey_id, version_id, contact_id, workflow_id, status, current_node_id,
                                started_at, ended_at, converted_at)
      select ${uuidOf("9000", "g")}, '${ids.ws}', '${ids.journey}', '${ids.version}', ${uuidOf("8000", "g")}, 'bench:' || g,
             (case when g % 5 = 0 then 'active' else 'completed' end)::run_status,
             case when g % 5 = 0 then 'email-' || (1 + g % 2) end,
             ${at("g")}, case when g % 5 <> 0 then ${at("g")} + interval '5 minutes' end,
             case when g % 10 = 1 then ${at("g")} + (g % 120) * interval '1 minute' end
      from ${range}`,
    );
    await timed(
      log,
      "run_steps",
      client,
      `
      insert into run_steps (run_id, journey_id, seq, node_id, kind, outcome, detail, at)
      select ${uuidOf("9000", "g")}, '${ids.journey}', s, case s when 0 then 'trigger' else 'email-' || (1 + g % 2) end,
             case s when 0 then 'trigger' else 'email' end, case s when 0 then 'entered' else 'sent' end,
             case s when 0 then '{}'::jsonb else jsonb_build_object('messageId', ${messageUuid("g")}) end, ${at("g")}
      from ${range}, generate_series(0, 1) s`,
    );
    await timed(
      log,
      "messages",
      client,
      `
      insert into messages (id, workspace_id, contact_id, run_id, journey_id, node_id, template_id, idempotency_key, to_address,
                            from_address, subject, html, text, transport, status, sent_at, created_at)
      select ${messageUuid("g")}, '${ids.ws}', ${uuidOf("8000", "g")}, ${uuidOf("9000", "g")}, '${ids.journey}',
             'email-' || (1 + g % 2), null, 'bench:' || g, 'u' || g || '@d' || (g % 40) || '.test',
             'Bench <bench@mailstream.test>', 'Hi', '<p>hi</p>', 'hi', 'outbox', 'sent', ${at("g")}, ${at("g")}
      from ${range}`,
    );
    // 10 events per message: sent, delivered, 4 opens, 2 clicks (2 links), then one of
    // opened / bounced / complained / unsubscribed by a cycle.
    await timed(
      log,
      "message_events",
      client,
      `
      insert into message_events (workspace_id, message_id, type, dedupe_key, data, occurred_at)
      select '${ids.ws}', ${messageUuid("g")},
             (case k when 0 then 'sent' when 1 then 'delivered' when 2 then 'opened' when 3 then 'opened' when 4 then 'opened'
                     when 5 then 'opened' when 6 then 'clicked' when 7 then 'clicked'
                     else (array['opened','bounced','complained','unsubscribed','opened','opened'])[1 + (g + k) % 6] end)::message_event_type,
             'bench:' || g || ':' || k,
             case when k in (6, 7) then jsonb_build_object('url', 'https://shop.test/p' || (k - 5)) else '{}'::jsonb end,
             ${at("g")} + k * interval '1 second'
      from ${range}, generate_series(0, 9) k`,
    );
    const ti = performance.now();
    for (const index of indexes) {
      if (index.constraint)
        await client.query(
          `alter table ${index.table} add constraint ${index.constraint} unique using index ${await recreate(client, index.def)}`,
        );
      // A partitioned table's index reads back as `ON ONLY` (the parent alone): build it on every partition.
      else await client.query(index.def.replace(" ON ONLY ", " ON "));
    }
    log(`  ${indexes.length} secondary indexes rebuilt in ${((performance.now() - ti) / 1000).toFixed(1)} s`);
  } finally {
    await client.query("reset session_replication_role").catch(() => {});
    client.release();
  }
  log(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** A unique constraint's index is rebuilt standalone, then attached (same definition, same name). */
async function recreate(client: Client, def: string): Promise<string> {
  await client.query(def);
  const name = /INDEX (\S+) ON/.exec(def)?.[1];
  if (!name) throw new Error(`cannot read the index name in: ${def}`);
  return name;
}

export async function rebuildRollups(pool: Pool, log: Log): Promise<void> {
  const t = performance.now();
  const client: Client = await pool.connect();
  try {
    await client.query("set work_mem = '256MB'");
    await client.query("select metrics_rebuild_rollups()");
    // Where autovacuum would be by the time anyone looks: visibility maps set (index-only scans
    // of active runs and rollups), statistics fresh.
    await client.query(`vacuum (analyze) journey_runs, journey_step_rollups, journey_step_rollups_hour, journey_step_rollups_day,
      email_rollups, email_rollups_hour, email_rollups_day, workspace_rollups`);
    await client.query("analyze");
  } finally {
    client.release();
  }
  log(
    `  rollups rebuilt (metrics_rebuild_rollups + vacuum analyze) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}
