// Migration 0028 on a database that already holds events, the partition machinery after it and
// the messageId keys without their foreign key (0038), on a database of its own (created in the
// test stack's Postgres): whole-partition drops and the partition layout must not touch the
// shared test database's partitions.
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createDb, type Db } from "@mailstream/db/client";
import { MIGRATIONS_FOLDER } from "@mailstream/db/migrate";
import { ensureEventPartitions, listMonthPartitions } from "@mailstream/db/queries/event-partitions";
import { findEventByMessageId, insertEventsOnce } from "@mailstream/db/queries/events";
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { testEnv } from "@mailstream/testing/test-env";
import { applyEventRetention } from "./apply-retention";

const DAY = 86_400_000;
const now = new Date();
/** The 15th of the month `offset` months from now (UTC): safely inside that month's partition. */
const monthDay = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 15, 12));
const suffix = (offset: number) => {
  const d = monthDay(offset);
  return `_p${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
};

/** A copy of the migrations folder whose journal stops at `lastIndex`. */
function migrationsUpTo(lastIndex: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-migrations-"));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((entry) => entry.idx <= lastIndex);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

const databaseName = `partitions_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
const admin = createDb(testEnv().databaseUrl);
let db: Db;
let databaseUrl = "";
const A = randomUUID();
const B = randomUUID();
const messageId = randomUUID();

async function partitionOf(table: string, where: string): Promise<string[]> {
  const { rows } = await db.execute<{ part: string }>(
    sql.raw(`select tableoid::regclass::text as part from ${table} where ${where} order by 1`),
  );
  return rows.map((row) => row.part);
}

beforeAll(async () => {
  await admin.db.execute(sql.raw(`create database ${databaseName}`));
  const url = new URL(testEnv().databaseUrl);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
  db = createDb(databaseUrl).db;
  await migrate(db, { migrationsFolder: migrationsUpTo(27) });
  // The populated database before 0028: two workspaces, events across five months and one
  // from 1990, a schema-violation record, message events across months and one in 9999.
  await db.execute(
    sql`insert into workspaces (id, name, slug) values (${A}, 'A', ${`a-${A}`}), (${B}, 'B', ${`b-${B}`})`,
  );
  for (const offset of [-6, -5, -1, 0]) {
    await db.execute(sql`insert into events (workspace_id, message_id, type, user_id, event, timestamp, received_at)
      values (${A}, ${`a${offset}`}, 'track', 'u', 'seen', now(), ${monthDay(offset).toISOString()}::timestamptz)`);
  }
  await db.execute(sql`insert into events (workspace_id, message_id, type, user_id, event, timestamp, received_at)
    values (${B}, 'b-5', 'track', 'v', 'seen', now(), ${monthDay(-5).toISOString()}::timestamptz),
           (${A}, 'ancient', 'track', 'u', 'seen', now(), '1990-01-01T00:00:00Z')`);
  await db.execute(sql`insert into event_schema_violations (workspace_id, message_id, event_name, problems)
    values (${A}, 'a-1', 'seen', '[]'::jsonb)`);
  await db.execute(sql`insert into messages (id, workspace_id, idempotency_key, to_address, from_address, subject, html, text, transport)
    values (${messageId}, ${A}, ${`k-${messageId}`}, 'u@example.test', 'x@example.test', 's', 'h', 't', 'outbox')`);
  for (const [key, at] of [
    ["me-6", monthDay(-6).toISOString()],
    ["me-1", monthDay(-1).toISOString()],
    ["me-future", "9999-01-01T00:00:00Z"],
  ] as const) {
    await db.execute(sql`insert into message_events (workspace_id, message_id, type, dedupe_key, occurred_at)
      values (${A}, ${messageId}, 'opened', ${key}, ${at}::timestamptz)`);
  }
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}, 120_000);

afterAll(async () => {
  await closeDb(databaseUrl);
  await admin.db.execute(sql.raw(`drop database if exists ${databaseName} with (force)`));
});

describe("migration 0028 on a populated database", () => {
  it("keeps every row, each in its month's partition, and odd times in DEFAULT", async () => {
    expect(await partitionOf("events", `message_id = 'a-6'`)).toEqual([`events${suffix(-6)}`]);
    expect(await partitionOf("events", `message_id in ('a-5', 'b-5')`)).toEqual([
      `events${suffix(-5)}`,
      `events${suffix(-5)}`,
    ]);
    expect(await partitionOf("events", `message_id = 'a0'`)).toEqual([`events${suffix(0)}`]);
    expect(await partitionOf("events", `message_id = 'ancient'`)).toEqual(["events_default"]);
    expect(await partitionOf("message_events", `dedupe_key = 'me-1'`)).toEqual([`message_events${suffix(-1)}`]);
    expect(await partitionOf("message_events", `dedupe_key = 'me-future'`)).toEqual(["message_events_default"]);
    const { rows } = await db.execute<{ events: number; keys: number; violations: number; mkeys: number }>(sql`
      select (select count(*)::int from events) as events, (select count(*)::int from event_message_ids) as keys,
             (select count(*)::int from event_schema_violations) as violations,
             (select count(*)::int from message_event_keys) as mkeys`);
    expect(rows[0]).toEqual({ events: 6, keys: 6, violations: 1, mkeys: 3 });
    // Partitions are ready for this month and three ahead.
    const names = (await listMonthPartitions(db)).map((p) => p.name);
    expect(names).toContain(`events${suffix(3)}`);
    expect(names).toContain(`message_events${suffix(3)}`);
  });

  it("fills each migrated key's seq from its event (0038), so the key leads to it", async () => {
    const { rows } = await db.execute<{ message_id: string; found: boolean }>(sql`
      select k.message_id, exists (select 1 from events e where e.seq = k.seq and e.received_at = k.received_at
                                     and e.workspace_id = k.workspace_id and e.message_id = k.message_id) as found
      from event_message_ids k where k.message_id in ('a-6', 'a-5', 'b-5', 'a-1', 'a0', 'ancient') order by 1`);
    expect(rows.map((row) => [row.message_id, row.found])).toEqual(
      ["a-1", "a-5", "a-6", "a0", "ancient", "b-5"].map((id) => [id, true]),
    );
  });

  it("stores a messageId once even when the repeat would land in another month", async () => {
    // a-6 lives in the partition of six months ago; a repeat arriving now goes nowhere.
    const inserted = await insertEventsOnce(db, [
      { workspaceId: A, messageId: "a-6", type: "track", event: "seen", timestamp: now },
      { workspaceId: A, messageId: "fresh", type: "track", event: "seen", timestamp: now },
      { workspaceId: A, messageId: "fresh", type: "track", event: "again", timestamp: now },
    ]);
    expect([...inserted]).toEqual([`${A}:fresh`]);
    const { rows } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from events where workspace_id = ${A} and message_id in ('a-6', 'fresh')`,
    );
    expect(rows[0]?.n).toBe(2);
    // The same for a message event's dedupe key; a new key is stored and the metric trigger still counts it.
    const opened = async () =>
      (
        await db.execute<{ n: number }>(
          sql`select coalesce(sum(n), 0)::int as n from workspace_rollups where workspace_id = ${A} and metric = 'opened'`,
        )
      ).rows[0]?.n;
    const before = await opened();
    const repeat = { workspaceId: A, messageId, type: "opened" as const, occurredAt: now };
    expect(await recordMessageEvent(db, { ...repeat, dedupeKey: "me-6" })).toBe(false);
    expect(await recordMessageEvent(db, { ...repeat, dedupeKey: "me-now" })).toBe(true);
    expect(await opened()).toBe(before! + 1);
  });
});

describe("partitions ahead", () => {
  it("creates missing months once, and moves rows waiting in DEFAULT into their new month", async () => {
    await db.execute(sql`insert into message_events (workspace_id, message_id, type, dedupe_key, occurred_at)
      values (${A}, ${messageId}, 'clicked', 'early', ${monthDay(5).toISOString()}::timestamptz)`);
    expect(await partitionOf("message_events", `dedupe_key = 'early'`)).toEqual(["message_events_default"]);
    expect(await ensureEventPartitions(db, 5)).toBe(4); // months +4 and +5, for both tables
    expect(await ensureEventPartitions(db, 5)).toBe(0);
    expect(await partitionOf("message_events", `dedupe_key = 'early'`)).toEqual([`message_events${suffix(5)}`]);
    expect(await partitionOf("message_events", `dedupe_key = 'me-future'`)).toEqual(["message_events_default"]);
  });
});

describe("retention across partitions", () => {
  it("drops a month no workspace keeps, keeps one a keep-forever workspace has rows in, and deletes the rest by rows", async () => {
    await db.execute(
      sql`update workspaces set settings = settings || '{"eventRetentionDays": 60}'::jsonb where id = ${A}`,
    );
    const report = await applyEventRetention(db, { now });
    // Six months ago held only A's rows: dropped whole, for both tables.
    expect(report.droppedPartitions).toEqual(
      expect.arrayContaining([`events${suffix(-6)}`, `message_events${suffix(-6)}`]),
    );
    // Five months ago also holds B's row, and B keeps forever: the partition stays, A's row goes.
    expect(report.droppedPartitions).not.toContain(`events${suffix(-5)}`);
    const { rows } = await db.execute<{ workspace_id: string; message_id: string }>(
      sql`select workspace_id, message_id from events order by message_id`,
    );
    expect(rows.map((row) => row.message_id)).toEqual(["a-1", "a0", "b-5", "fresh"]);
    const keys = await db.execute<{ message_id: string }>(sql`select message_id from event_message_ids order by 1`);
    expect(keys.rows.map((row) => row.message_id)).toEqual(["a-1", "a0", "b-5", "fresh"]);
    const kept = await db.execute<{ dedupe_key: string }>(sql`select dedupe_key from message_events order by 1`);
    expect(kept.rows.map((row) => row.dedupe_key)).toEqual(["early", "me-1", "me-future", "me-now"]);
    // Metric rollups are their own tables: what was counted stays counted.
    const counted = await db.execute<{ n: number }>(
      sql`select coalesce(sum(n), 0)::int as n from workspace_rollups where workspace_id = ${A}`,
    );
    expect(counted.rows[0]?.n).toBeGreaterThan(0);
    expect(now.getTime() - monthDay(-1).getTime()).toBeLessThan(60 * DAY);
  });
});

describe("messageId keys without a foreign key (migration 0038)", () => {
  const countsOf = async (workspaceId: string) =>
    (
      await db.execute<{ events: number; keys: number; violations: number }>(sql`
        select (select count(*)::int from events where workspace_id = ${workspaceId}) as events,
               (select count(*)::int from event_message_ids where workspace_id = ${workspaceId}) as keys,
               (select count(*)::int from event_schema_violations where workspace_id = ${workspaceId}) as violations`)
    ).rows[0];

  it("deletes a workspace's keys with the workspace, as the cascade did", async () => {
    const C = randomUUID();
    await db.execute(sql`insert into workspaces (id, name, slug) values (${C}, 'C', ${`c-${C}`})`);
    await insertEventsOnce(db, [
      { workspaceId: C, messageId: "c-1", type: "track", event: "seen", timestamp: now },
      {
        workspaceId: C,
        messageId: "c-2",
        type: "track",
        event: "seen",
        timestamp: monthDay(-5),
        receivedAt: monthDay(-5),
      },
    ]);
    await db.execute(sql`insert into event_schema_violations (workspace_id, message_id, event_name, problems)
      values (${C}, 'c-1', 'seen', '[]'::jsonb)`);
    expect(await countsOf(C)).toEqual({ events: 2, keys: 2, violations: 1 });
    await db.execute(sql`delete from workspaces where id = ${C}`);
    expect(await countsOf(C)).toEqual({ events: 0, keys: 0, violations: 0 });
  });

  it("numbers a batch's events in its order and finds each by messageId through its key, in any month", async () => {
    const C = randomUUID();
    await db.execute(sql`insert into workspaces (id, name, slug) values (${C}, 'C', ${`c-${C}`})`);
    const ids = ["z", "m", "a", "q", "m"]; // not in key order (keys are claimed sorted), "m" repeated
    const inserted = await insertEventsOnce(
      db,
      ids.map((messageId, i) => ({
        workspaceId: C,
        messageId,
        type: "track" as const,
        event: `e${i}`,
        timestamp: now,
        receivedAt: i === 1 ? monthDay(-5) : now,
      })),
    );
    expect(inserted.size).toBe(4);
    const { rows } = await db.execute<{ message_id: string }>(
      sql`select message_id from events where workspace_id = ${C} order by seq`,
    );
    expect(rows.map((row) => row.message_id)).toEqual(["z", "m", "a", "q"]);
    expect(await findEventByMessageId(db, C, "m")).toMatchObject({ event: "e1", receivedAt: monthDay(-5) });
    expect(await findEventByMessageId(db, C, "q")).toMatchObject({ event: "e3" });
    expect(await findEventByMessageId(db, C, "missing")).toBeNull();
    expect(await findEventByMessageId(db, A, "z")).toBeNull();
  });

  it("refuses the events of a missing workspace whole: no key is left behind", async () => {
    const missing = randomUUID();
    const error = await insertEventsOnce(db, [
      { workspaceId: missing, messageId: "m-1", type: "track", event: "seen", timestamp: now },
    ]).catch((e: unknown) => e);
    expect(String((error as { cause?: unknown }).cause ?? error)).toMatch(/foreign key/);
    expect(await countsOf(missing)).toEqual({ events: 0, keys: 0, violations: 0 });
  });
});
