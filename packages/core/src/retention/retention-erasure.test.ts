// Row retention and GDPR erasure on the shared test database, with a workspace's events and
// message events spread over several monthly partitions (months ago land in DEFAULT until
// ensureEventPartitions gives them their month, as the dispatcher's loop does).
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "@mailstream/db/client";
import { eraseContact } from "@mailstream/db/queries/contact-erasure";
import { ensureContact } from "@mailstream/db/queries/contacts";
import { ensureEventPartitions } from "@mailstream/db/queries/event-partitions";
import { insertEventsOnce } from "@mailstream/db/queries/events";
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { testEnv } from "@mailstream/testing/test-env";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { applyEventRetention } from "./apply-retention";

const { db } = createDb(testEnv().databaseUrl);
const now = new Date();
const monthsAgo = (n: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 15, 12));

/** A workspace with user `u`'s events three and one month ago and now, and a message with events then. */
async function spreadOverMonths() {
  const { workspaceId } = await createWorkspaceWithKeys(db);
  const times = [monthsAgo(3), monthsAgo(1), now];
  await insertEventsOnce(
    db,
    times.map((receivedAt, i) => ({
      workspaceId,
      messageId: `m${i}`,
      type: "track" as const,
      userId: "u",
      event: "seen",
      timestamp: receivedAt,
      receivedAt,
    })),
  );
  const messageId = randomUUID();
  await db.execute(sql`insert into messages (id, workspace_id, idempotency_key, to_address, from_address, subject, html, text, transport)
    values (${messageId}, ${workspaceId}, ${`k-${messageId}`}, 'u@example.test', 'x@example.test', 's', 'h', 't', 'outbox')`);
  for (const [i, occurredAt] of times.entries()) {
    await recordMessageEvent(db, {
      workspaceId,
      messageId,
      type: "delivered",
      dedupeKey: `d-${messageId}-${i}`,
      occurredAt,
    });
  }
  await ensureEventPartitions(db);
  return { workspaceId, messageId };
}

async function counts(workspaceId: string) {
  const { rows } = await db.execute<{
    events: number;
    partitions: number;
    keys: number;
    mevents: number;
    mkeys: number;
  }>(sql`
    select (select count(*)::int from events where workspace_id = ${workspaceId}) as events,
           (select count(distinct tableoid)::int from events where workspace_id = ${workspaceId}) as partitions,
           (select count(*)::int from event_message_ids where workspace_id = ${workspaceId}) as keys,
           (select count(*)::int from message_events where workspace_id = ${workspaceId}) as mevents,
           (select count(*)::int from message_event_keys where workspace_id = ${workspaceId}) as mkeys`);
  return rows[0]!;
}

describe("GDPR erasure across partitions", () => {
  it("erases the contact's events from every month, with their dedupe keys", async () => {
    const { workspaceId } = await spreadOverMonths();
    expect(await counts(workspaceId)).toMatchObject({ events: 3, partitions: 3, keys: 3 });
    const contact = await ensureContact(db, { workspaceId, userId: "u", email: "u@example.test", timezone: null });
    await db.execute(sql`update messages set contact_id = ${contact.id} where workspace_id = ${workspaceId}`);
    const result = await eraseContact(db, {
      workspaceId,
      contactId: contact.id,
      workflowsTerminated: 0,
      requestedByKeyId: null,
      source: "api",
    });
    expect(result).toMatchObject({ deleted: true, counts: { events: 3, messages: 1, messageEvents: 3 } });
    expect(await counts(workspaceId)).toEqual({ events: 0, partitions: 0, keys: 0, mevents: 0, mkeys: 0 });
  });
});

describe("event retention by rows", () => {
  it("deletes what is older than the workspace's retention, in bounded batches, and keeps the rest", async () => {
    const { workspaceId } = await spreadOverMonths();
    const other = await spreadOverMonths(); // keeps forever: untouched
    await db.execute(
      sql`update workspaces set settings = settings || '{"eventRetentionDays": 60}'::jsonb where id = ${workspaceId}`,
    );
    // One row per statement and one statement per table: the pass stops early and says so.
    const first = await applyEventRetention(db, {
      now,
      workspaceIds: [workspaceId, other.workspaceId],
      limits: { batchSize: 1, maxBatches: 1 },
    });
    expect(first.unfinished).toEqual([workspaceId]);
    const rest = await applyEventRetention(db, { now, workspaceIds: [workspaceId, other.workspaceId] });
    expect(first.deletedRows + rest.deletedRows).toBe(4); // three months ago: event, key, message event, key
    expect(rest.unfinished).toEqual([]);
    expect(await counts(workspaceId)).toEqual({ events: 2, partitions: 2, keys: 2, mevents: 2, mkeys: 2 });
    expect(await counts(other.workspaceId)).toEqual({ events: 3, partitions: 3, keys: 3, mevents: 3, mkeys: 3 });
  });
});
