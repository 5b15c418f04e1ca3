// One lock order for the journey rollups (migration 0041, issue 17): writers of steps of
// different runs of one journey — two batches of sends, a batch beside single hand-offs — commit
// side by side, round after round, and none deadlocks; the rollups then count exactly what was
// written. Before 0041 a batch (messages marked sent, then its runs ended) and a single hand-off
// (its run ended, then its message marked sent, in one statement) took the rollup rows in
// opposite orders, and the steps' own bumps at commit went in insert order: rounds like these
// deadlocked within a few.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDb } from "@mailstream/testing/test-db";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";
import { ensureContact } from "./contacts";
import { insertJourneyRunOnce } from "./journeys-live";
import { markMessagesSent } from "./messages-batch";
import { deliverMessageOnce, insertMessageOnce, type Message } from "./messages-send";
import { recordRunStep, recordRunStepsOfMany, type RunStepsWrite } from "./runs";

const db = testDb();
const ROUNDS = 40;
/** Sends per batch; each batch also has a single hand-off beside it. */
const BATCH = 6;
const EMAILS = ["email-1", "email-3"] as const;

type Fixture = Awaited<ReturnType<typeof createFixture>>;

async function createFixture() {
  const { workspaceId } = await createWorkspaceWithKeys(db);
  const templateId = await createTemplateFixture(db, workspaceId, "Order", "Hi");
  const journey = await createLiveJourney(
    db,
    workspaceId,
    "Rollup order",
    buildLinearGraph("signed_up", [
      { kind: "email", templateId },
      { kind: "wait", seconds: 1 },
      { kind: "email", templateId },
      { kind: "exit" },
    ]),
  );
  return { workspaceId, templateId, ...journey };
}

/** A run that entered (seq 0) and has a queued message at `nodeId`, as a send finds it. */
async function queuedSend(fixture: Fixture, nodeId: string) {
  const userId = `order-${randomUUID()}`;
  const contact = await ensureContact(db, {
    workspaceId: fixture.workspaceId,
    userId,
    email: `${userId}@example.test`,
    timezone: null,
  });
  const run = await insertJourneyRunOnce(db, {
    workspaceId: fixture.workspaceId,
    journeyId: fixture.journeyId,
    versionId: fixture.versionId,
    contactId: contact.id,
    workflowId: `journey:${fixture.journeyId}:${contact.id}:${randomUUID()}`,
    triggerEventId: randomUUID(),
  });
  const step = { runId: run.id, journeyId: fixture.journeyId };
  await recordRunStep(db, { ...step, seq: 0, nodeId: "trigger", kind: "trigger", outcome: "entered" });
  const message = await insertMessageOnce(db, {
    workspaceId: fixture.workspaceId,
    contactId: contact.id,
    runId: run.id,
    journeyId: fixture.journeyId,
    nodeId,
    templateId: fixture.templateId,
    idempotencyKey: `${run.id}:${nodeId}`,
    toAddress: `${userId}@example.test`,
    fromAddress: "Mailstream Test <test@mailstream.test>",
    subject: "Hi",
    html: "<p>hi</p>",
    text: "hi",
    transport: "outbox",
  });
  return { message, nodeId };
}

/** The send's steps as the hand-off writes them: the email, and after the last email the exit and the run's end. */
function sendSteps(fixture: Fixture, { message, nodeId }: { message: Message; nodeId: string }): RunStepsWrite {
  const step = { runId: message.runId as string, journeyId: fixture.journeyId, kind: "email" };
  const email = { ...step, seq: 1, nodeId, outcome: "sent", detail: { messageId: message.id } };
  if (nodeId !== "email-3") return { steps: [email] };
  return {
    steps: [email, { ...step, seq: 2, nodeId: "exit-4", kind: "exit", outcome: "exited" }],
    end: { status: "completed" },
  };
}

/** Resolves once `parties` have arrived: the writers start their writes together (none holds a rollup row yet). */
function barrier(parties: number) {
  let arrived = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    arrived += 1;
    if (arrived === parties) open();
    return opened;
  };
}

/** A batch's hand-off transaction (send-batch.ts): its messages marked sent, then its steps and run ends. */
async function batchHandOff(
  fixture: Fixture,
  sends: Awaited<ReturnType<typeof queuedSend>>[],
  arrive: () => Promise<void>,
) {
  await db.transaction(async (tx) => {
    await arrive();
    await markMessagesSent(
      tx,
      sends.map(({ message }) => ({
        id: message.id,
        workspaceId: fixture.workspaceId,
        providerMessageId: `outbox-${message.id}`,
        isDelivered: true,
      })),
    );
    await recordRunStepsOfMany(
      tx,
      sends.map((send) => sendSteps(fixture, send)),
    );
  });
}

/** A single hand-off (deliverMessageOnce): the row's lock, then its sent mark and steps in one last statement. */
async function singleHandOff(
  fixture: Fixture,
  send: Awaited<ReturnType<typeof queuedSend>>,
  arrive: () => Promise<void>,
) {
  await deliverMessageOnce(
    db,
    send.message.id,
    async (row) => {
      await arrive();
      return { providerMessageId: `outbox-${row.id}`, isDelivered: true };
    },
    () => sendSteps(fixture, send),
  );
}

/** Each tier's counters of the journey, summed over buckets: `node metric key` → n. */
async function journeyCounts(fixture: Fixture) {
  const tiers = ["journey_step_rollups", "journey_step_rollups_hour", "journey_step_rollups_day"];
  return Promise.all(
    tiers.map(async (tier) => {
      const { rows } = await db.execute<{ counter: string; n: string }>(sql`
        select node_id || ' ' || metric || ' ' || key as counter, sum(n)::text as n from ${sql.identifier(tier)}
         where journey_id = ${fixture.journeyId} group by 1 order by 1`);
      return Object.fromEntries(rows.map((row) => [row.counter, Number(row.n)]));
    }),
  );
}

describe("journey rollups under concurrent writers of one journey", () => {
  it(
    `two batches and two single hand-offs commit side by side for ${ROUNDS} rounds without a deadlock, counted exactly`,
    {
      timeout: 120_000,
    },
    async () => {
      const fixture = await createFixture();
      const expected: Record<string, number> = {};
      const count = (counter: string, n = 1) => (expected[counter] = (expected[counter] ?? 0) + n);
      for (let round = 0; round < ROUNDS; round++) {
        // Each batch carries both emails, in opposite orders, so their steps' rows interleave.
        const nodesOf = (first: number) =>
          Array.from({ length: BATCH }, (_, i) => EMAILS[(i + first) % 2] as (typeof EMAILS)[number]);
        const [batchA, batchB, singles] = await Promise.all([
          Promise.all(nodesOf(0).map((node) => queuedSend(fixture, node))),
          Promise.all(nodesOf(1).map((node) => queuedSend(fixture, node))),
          Promise.all(EMAILS.map((node) => queuedSend(fixture, node))),
        ]);
        const arrive = barrier(4);
        const settled = await Promise.allSettled([
          batchHandOff(fixture, batchA, arrive),
          batchHandOff(fixture, batchB, arrive),
          ...singles.map((send) => singleHandOff(fixture, send, arrive)),
        ]);
        expect(
          settled.filter((outcome) => outcome.status === "rejected"),
          `round ${round}`,
        ).toEqual([]);
        for (const { nodeId } of [...batchA, ...batchB, ...singles]) {
          count("trigger entered ");
          count("trigger outcome entered");
          count(` run_started `);
          count(`trigger edge entered>${nodeId}`);
          count(`${nodeId} entered `);
          count(`${nodeId} outcome sent`);
          if (nodeId === "email-3") {
            count(`email-3 edge sent>exit-4`);
            count(`exit-4 entered `);
            count(`exit-4 outcome exited`);
            count(` run_ended completed`);
          }
        }
      }
      const [minute, hour, day] = await journeyCounts(fixture);
      expect(minute).toEqual(expected);
      expect(hour).toEqual(expected);
      expect(day).toEqual(expected);
      // The message events' rollups (the other rows these writers lock) count every send once too.
      const { rows } = await db.execute<{ n: string }>(sql`
      select coalesce(sum(n), 0)::text as n from email_rollups_day
       where journey_id = ${fixture.journeyId} and metric = 'sent'`);
      expect(Number(rows[0]?.n)).toBe(ROUNDS * (2 * BATCH + EMAILS.length));
    },
  );
});
