// The message-event metrics trigger fires once per INSERT statement (migration 0035). A
// broadcast page writes its 200 events in one statement; these tests write the same events
// one per statement in one workspace and batched in another, and require the same counters:
// totals, uniques (the first inserted event of a type per message, even when a later one in
// the same statement happened earlier), recipient domains, per-link clicks and the journey
// email tiers — and the set-based rebuild to agree with the batched writes.
import { randomUUID } from "node:crypto";
import { recordMessageEvent, type MessageEventType } from "@mailstream/db/queries/message-events";
import { insertMessagesOnce, markMessagesSent } from "@mailstream/db/queries/messages-batch";
import { messageEvents } from "@mailstream/db/schema";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { writeRunDetailed } from "@mailstream/testing/run-fixtures";
import { testDb } from "@mailstream/testing/test-db";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";

const db = testDb();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** An event of the scenario: which message (by its place in the list), what, when (offset from now). */
type ScriptedEvent = { message: number; type: MessageEventType; at: number; url?: string };

/** Broadcast-like messages (0–3, no journey) and journey emails (4–5); events in the order they are inserted. */
const EVENTS: ScriptedEvent[] = [
  { message: 0, type: "opened", at: -MINUTE },
  { message: 0, type: "opened", at: -50 * HOUR - 17_000 }, // inserted later, happened earlier: not the first
  { message: 1, type: "clicked", at: -3 * HOUR, url: "https://shop.test/x" },
  { message: 0, type: "opened", at: 0 },
  { message: 1, type: "clicked", at: -20 * MINUTE, url: "https://shop.test/x" },
  { message: 1, type: "clicked", at: -20 * MINUTE - 1_000, url: "https://shop.test/y" },
  { message: 1, type: "clicked", at: -5_000 },
  { message: 2, type: "bounced", at: -26 * HOUR },
  { message: 3, type: "complained", at: -25 * HOUR - 31 * MINUTE },
  { message: 4, type: "opened", at: -90 * MINUTE },
  { message: 4, type: "opened", at: -2 * MINUTE },
  { message: 4, type: "clicked", at: -MINUTE, url: "https://shop.test/x" },
  { message: 5, type: "bounced", at: -3 * HOUR - 5_000 },
  { message: 4, type: "clicked", at: -30_000, url: "https://shop.test/x" },
  { message: 4, type: "clicked", at: -20_000, url: "https://shop.test/y" },
  { message: 4, type: "unsubscribed", at: 0 },
  { message: 2, type: "delivered", at: -MINUTE },
];

/**
 * One workspace with the scenario's messages — four without a journey to two domains, two
 * journey emails — sent (with their `delivered` events) in one statement like a broadcast page,
 * or one statement per message; then EVENTS, one statement each or all in one. Returns the
 * workspace and its message ids in order.
 */
async function writeScenario(now: number, batched: boolean) {
  const { workspaceId } = await createWorkspaceWithKeys(db);
  const templateId = await createTemplateFixture(db, workspaceId, "Batches", "Hi");
  const journey = await createLiveJourney(
    db,
    workspaceId,
    "Batches",
    buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]),
  );
  const base = { workspaceId, journeyId: journey.journeyId, versionId: journey.versionId, templateId };
  // Two runs for the journey emails; their messages are sent with the page below.
  const runs = [];
  for (const domain of ["example.test", "other.test"]) {
    const userId = `u-${randomUUID()}@${domain}`;
    runs.push({ ...(await writeRunDetailed(db, { ...base, nodes: ["trigger"], userId })), userId });
  }
  const outgoing = [
    ...["a@one.test", "b@one.test", "c@two.test", "d@two.test"].map((toAddress) => ({ toAddress })),
    ...runs.map((run) => ({
      toAddress: run.userId,
      contactId: run.contactId,
      runId: run.runId,
      journeyId: journey.journeyId,
      nodeId: "email-1",
    })),
  ];
  const keys = outgoing.map(() => `batches:${randomUUID()}`);
  const page = await insertMessagesOnce(
    db,
    outgoing.map((fields, i) => ({
      workspaceId,
      templateId,
      idempotencyKey: keys[i] as string,
      fromAddress: "news@mailstream.test",
      subject: "x",
      html: "x",
      text: "x",
      transport: "outbox",
      ...fields,
    })),
  );
  const ids = keys.map((key) => page.get(key)?.id as string);
  // Every time is fixed relative to `now`, so the two workspaces' buckets are the same.
  const sentAt = new Date(now - 4 * HOUR);
  const sent = ids.map((id) => ({ id, workspaceId, providerMessageId: `outbox-${id}`, isDelivered: true }));
  if (batched) await db.transaction((tx) => markMessagesSent(tx, sent, sentAt));
  else for (const row of sent) await db.transaction((tx) => markMessagesSent(tx, [row], sentAt));
  const rows = EVENTS.map((event, i) => ({
    workspaceId,
    messageId: ids[event.message] as string,
    type: event.type,
    dedupeKey: `${ids[event.message]}:${i}`,
    data: event.url ? { url: event.url } : {},
    occurredAt: new Date(now + event.at),
  }));
  if (batched) await db.insert(messageEvents).values(rows);
  else for (const row of rows) await recordMessageEvent(db, row);
  return { workspaceId, ids };
}

/** The workspace's counters and firsts as sorted lines, message ids replaced by their place. */
async function counters(workspaceId: string, ids: readonly string[]): Promise<string[]> {
  const result = await db.execute<{ line: string }>(sql`
    select concat_ws('|', 'workspace', bucket, metric, key, n) as line from workspace_rollups where workspace_id = ${workspaceId}
    union all
    select concat_ws('|', t, bucket, node_id, metric, key, n) from (
      select 'minute' as t, * from email_rollups union all
      select 'hour', * from email_rollups_hour union all
      select 'day', * from email_rollups_day) e
    where e.workspace_id = ${workspaceId}
    union all
    select concat_ws('|', 'first', f.message_id, f.type, f.key) from message_event_firsts f
    join messages m on m.id = f.message_id where m.workspace_id = ${workspaceId}`);
  const place = new Map(ids.map((id, i) => [id, `message ${i}`]));
  return result.rows
    .map((row) =>
      row.line.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => place.get(id) ?? id),
    )
    .sort();
}

describe("message-event metrics per statement", () => {
  it("a page's events in one statement count exactly what one statement per event counts", async () => {
    const now = Date.now();
    const single = await writeScenario(now, false);
    const batched = await writeScenario(now, true);
    const expected = await counters(single.workspaceId, single.ids);
    expect(await counters(batched.workspaceId, batched.ids)).toEqual(expected);
    // The scenario exercises what the trigger decides, so the comparison is not vacuous.
    for (const part of [
      "|opened_unique||1",
      "|sent_unique|domain:two.test|",
      "|bounced_unique|domain:other.test|1",
      "|complained_unique|domain:two.test|1",
      "|link_clicked|https://shop.test/x|2",
      "|link_clicked_unique|https://shop.test/y|1",
      "first|message 1|clicked|https://shop.test/x",
    ])
      expect(
        expected.some((line) => line.includes(part)),
        part,
      ).toBe(true);
    // Message 0's first open is the one inserted first (a minute ago), not the earliest in time.
    const minuteAgo = new Date(Math.floor((now - MINUTE) / MINUTE) * MINUTE);
    const opens = await db.execute<{ bucket: string }>(sql`
      select bucket from workspace_rollups
      where workspace_id = ${batched.workspaceId} and metric = 'opened_unique' and bucket = ${minuteAgo.toISOString()}::timestamptz`);
    expect(opens.rows).toHaveLength(1);
  });

  it("the set-based rebuild agrees with batched writes", async () => {
    const { workspaceId, ids } = await writeScenario(Date.now(), true);
    const before = await counters(workspaceId, ids);
    await db.execute(sql`select metrics_rebuild_rollups(${workspaceId}::uuid)`);
    expect(await counters(workspaceId, ids)).toEqual(before);
  });

  it("a replayed statement (every dedupe key already claimed) counts nothing", async () => {
    const { workspaceId, ids } = await writeScenario(Date.now(), true);
    const before = await counters(workspaceId, ids);
    const sent = ids.map((id) => ({ id, workspaceId, providerMessageId: `outbox-${id}`, isDelivered: true }));
    await db.transaction((tx) => markMessagesSent(tx, sent));
    expect(await counters(workspaceId, ids)).toEqual(before);
  });
});
