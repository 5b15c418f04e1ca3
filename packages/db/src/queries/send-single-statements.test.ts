// A lone send (a batch of one) reads its context, writes its message and hands it off with named
// prepared statements (send-context.ts `send_context_one`, messages-batch.ts
// `insert_page_message_one`, messages-send.ts's lock and last statement):
// they answer exactly what the batch forms answer, and their plans are kept — a generic plan,
// which Postgres keeps per connection, reads every table by its primary key or an index, never a
// sequential scan (issue 14: the batch forms were planned on every call, even for one send).
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, createDb } from "@mailstream/db/client";
import { subscriptionTopics } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/testing/test-env";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
  suppressAddressFixture,
} from "@mailstream/testing/workflow-fixtures";
import { insertNewMessages, type PageMessage } from "./messages-batch";
import { deliverMessageOnce } from "./messages-send";
import { findSendContexts, type SendContextInput } from "./send-context";

// A pool of ONE connection of its own: the prepared statements and the plan cache mode are per
// connection, so every statement below runs where the named ones were prepared.
const url = `${testEnv().databaseUrl}${testEnv().databaseUrl.includes("?") ? "&" : "?"}application_name=single-send-plans`;
const { db } = createDb(url, { max: 1 });
afterAll(() => closeDb(url));

async function createSend() {
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId, email } = await createContactFixture(db, workspaceId);
  const { templateId } = await createTemplateFixture(db, workspaceId);
  const run = await createRunFixture(db, {
    workspaceId,
    contactId,
    plan: buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]),
  });
  const [topic] = await db
    .insert(subscriptionTopics)
    .values({ workspaceId, name: `Topic ${randomUUID().slice(0, 8)}` })
    .returning({ id: subscriptionTopics.id });
  await suppressAddressFixture(db, workspaceId, "fallback@mailstream.test");
  const input: SendContextInput = {
    workspaceId,
    contactId,
    runId: run.runId,
    journeyId: run.journeyId,
    topicId: topic?.id ?? null,
    fallbackEmail: " Fallback@Mailstream.test ",
  };
  return { input, email: email as string, templateId, run };
}

/** Every node of a JSON plan (EXPLAIN (FORMAT JSON)), depth first. */
function planNodes(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(planNodes)];
}

/**
 * The generic plan of a prepared statement with sequential scans priced out, executed with these
 * literal arguments. The statement's own cached plan is not read: it was made under the session's
 * settings from what other tests stored, and on the shared test database a table of a few rows
 * (workspaces) is cheaper to scan than to look up. A copy is prepared instead, under
 * `enable_seqscan = off`: what must hold is that every table CAN be read by its key with the
 * statement's parameters, which the array form's generic plan could not (a seq scan that remains
 * means no index path exists).
 */
async function genericPlan(name: string, args: string[]): Promise<Record<string, unknown>[]> {
  const { rows: found } = await db.execute<{ statement: string; types: string[] }>(
    sql`select statement, parameter_types::text[] as types from pg_prepared_statements where name = ${name}`,
  );
  const prepared = found[0];
  if (!prepared) throw new Error(`no prepared statement named ${name}`);
  await db.execute(sql`set plan_cache_mode = force_generic_plan`);
  await db.execute(sql`set enable_seqscan = off`);
  try {
    await db.execute(sql.raw(`prepare plan_probe(${prepared.types.join(", ")}) as ${prepared.statement}`));
    const { rows } = await db.execute<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }>(
      sql.raw(`explain (format json) execute plan_probe(${args.join(", ")})`),
    );
    return planNodes((rows[0] as { "QUERY PLAN": [{ Plan: Record<string, unknown> }] })["QUERY PLAN"][0].Plan);
  } finally {
    await db.execute(sql`deallocate plan_probe`);
    await db.execute(sql`reset plan_cache_mode`);
    await db.execute(sql`reset enable_seqscan`);
  }
}

const literal = (value: string | null) => (value === null ? "NULL" : `'${value.replaceAll("'", "''")}'`);

/** The connection's prepared statements named `<prefix>` or `<prefix>_<digest>` (named-statement.ts). */
async function preparedStatements(prefix: string) {
  const { rows } = await db.execute<{ generic_plans: string; custom_plans: string }>(
    sql`select generic_plans, custom_plans from pg_prepared_statements
         where name = ${prefix} or name like ${`${prefix}\\_%`}`,
  );
  return rows;
}

async function preparedStatement(prefix: string) {
  const rows = await preparedStatements(prefix);
  expect(rows).toHaveLength(1);
  return rows[0] ?? null;
}

describe("a lone send's statements", () => {
  it("reads the same context as the batch form, by primary key, with its plan kept", async () => {
    const one = await createSend();
    const other = await createSend();
    const foreign = { ...one.input, contactId: other.input.contactId, runId: other.input.runId };
    const malformed = { ...one.input, contactId: "not-a-uuid", topicId: "x" };
    for (const input of [one.input, foreign, malformed]) {
      const [alone] = await findSendContexts(db, [input]);
      const [inBatch] = await findSendContexts(db, [input, other.input]);
      expect(alone).toEqual(inBatch);
    }
    const [context] = await findSendContexts(db, [one.input]);
    expect(context?.contact?.email).toBe(one.email);
    expect(context?.journeyVersionId).toBe(one.run.versionId);
    expect(context?.topic?.isSubscribed).toBe(true);
    expect([...(context?.suppressions.keys() ?? [])]).toEqual(["fallback@mailstream.test"]);
    const [elsewhere] = await findSendContexts(db, [foreign]);
    expect(elsewhere?.contact).toBeNull();
    expect(elsewhere?.journeyVersionId).toBeNull();

    // Past the plan cache's five custom plans, Postgres keeps one generic plan for the statement.
    // Fresh statistics of few-row tables, as the shared test database has them once autovacuum
    // ran: the statement's own cached plan then scans them, which genericPlan must see past.
    await db.execute(
      sql`analyze workspaces, contacts, journey_runs, journeys, subscription_topics, contact_subscriptions, suppressions`,
    );
    for (let n = 0; n < 6; n++) await findSendContexts(db, [one.input]);
    expect(Number((await preparedStatement("send_context_one"))?.generic_plans)).toBeGreaterThan(0);
    const { workspaceId, contactId, runId, journeyId, topicId } = one.input;
    const nodes = await genericPlan(
      "send_context_one",
      [workspaceId, contactId, runId, journeyId, topicId, "fallback@mailstream.test"].map(literal),
    );
    expect(nodes.filter((node) => node["Node Type"] === "Seq Scan")).toEqual([]);
    const byIndex = new Set(
      nodes
        .filter((node) => String(node["Node Type"]).startsWith("Index"))
        .map((node) => node["Relation Name"] as string),
    );
    for (const table of ["workspaces", "contacts", "journey_runs", "journeys", "subscription_topics", "suppressions"])
      expect(byIndex).toContain(table);
  });

  it("writes one message once under its key, with its plan kept", async () => {
    const { input, email, templateId, run } = await createSend();
    const row = (key: string): PageMessage => ({
      id: randomUUID(),
      runId: run.runId,
      journeyId: run.journeyId,
      nodeId: "email-1",
      createdAt: new Date("2026-12-07T12:00:00Z"),
      workspaceId: input.workspaceId,
      contactId: input.contactId,
      templateId,
      idempotencyKey: key,
      toAddress: email,
      fromAddress: "Test <test@mailstream.test>",
      subject: "It's one",
      html: '<p>"one" \\ {a,b} NULL</p>',
      text: "one",
      headers: { "X-Test": 'a "quoted" header' },
      transport: "outbox",
      status: "queued",
    });
    const stored: PageMessage[] = [];
    for (let n = 0; n < 7; n++) {
      const first = row(`single:${randomUUID()}`);
      stored.push(first);
      const written = await insertNewMessages(db, [first]);
      expect(written).toEqual({ inserted: new Set([first.idempotencyKey]), existing: new Map() });
      // A retry under the same key writes nothing and finds the first attempt's row.
      const retried = await insertNewMessages(db, [{ ...row(first.idempotencyKey) }]);
      expect(retried.inserted.size).toBe(0);
      expect(retried.existing.get(first.idempotencyKey)).toMatchObject({
        id: first.id,
        html: first.html,
        headers: first.headers,
        createdAt: first.createdAt,
        status: "queued",
      });
    }
    expect(Number((await preparedStatement("insert_page_message_one"))?.generic_plans)).toBeGreaterThan(0);

    // Each is handed off alone: its lock and its last statement are named, one text for one shape.
    for (const message of stored) {
      const handedOff = await deliverMessageOnce(db, message.id, async () => ({
        providerMessageId: `outbox-${message.id}`,
        isDelivered: true,
      }));
      expect(handedOff.message.status).toBe("sent");
    }
    const { rows: events } = await db.execute<{ n: string }>(
      sql`select count(*) as n from message_events
           where message_id in (${sql.join(
             stored.map((message) => sql`${message.id}::uuid`),
             sql`, `,
           )})`,
    );
    expect(Number(events[0]?.n)).toBe(stored.length * 2);
    expect(Number((await preparedStatement("message_lock_for_hand_off"))?.generic_plans)).toBeGreaterThan(0);
    expect(Number((await preparedStatement("hand_off"))?.generic_plans)).toBeGreaterThan(0);
  });
});
