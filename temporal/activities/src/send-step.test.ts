// sendEmail with a `stepSeq` (LEAN_SEND_PATCH): the activity records the email step itself —
// a sent email with its hand-off, a suppressed or skipped one on its own — once, however often
// it is retried; a deferral records nothing; a deleted run answers isRunPresent false.
// The activities run on a clock fixed at noon UTC, so quiet hours around noon always defer.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import { journeyRuns, messageEvents, messages } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { suppressAddressFixture } from "@mailstream/testing/workflow-fixtures";
import { installQuietRuntime } from "@mailstream/testing/temporal-workers";
import { setUpSend } from "./send-fixtures";

const NOON = Date.parse("2026-12-07T12:00:00Z");
let db: Db;
beforeAll(() => {
  installQuietRuntime();
  db = createDb(testEnv().databaseUrl).db;
});

const setUp = () => setUpSend(db, { clock: () => Promise.resolve(NOON), stepSeq: 1 });

describe("sendEmail records the email step (LEAN_SEND_PATCH)", () => {
  it("writes the sent step with the hand-off, once across a retry, and moves the run's pointer", async () => {
    const { runId, templateId, sent, send } = await setUp();
    const first = await send();
    expect(first).toMatchObject({ status: "sent", isRunPresent: true });
    const again = await send();
    expect(again).toEqual(first);
    expect(sent).toHaveLength(1);

    const steps = await findRunSteps(db, runId);
    expect(steps.map((step) => [step.seq, step.nodeId, step.kind, step.outcome, step.detail])).toEqual([
      [1, "email-1", "email", "sent", { templateId, messageId: first.messageId }],
    ]);
    expect((await findRunById(db, runId))?.currentNodeId).toBe("email-1");
    // One transaction wrote the sent mark, its events and the step, and nothing wrote them again.
    const { rows } = await db.execute<{ writers: string }>(sql`
      select count(distinct xmin::text) as writers from (
        select xmin from messages where id = ${first.messageId}
        union all select xmin from message_events where message_id = ${first.messageId}
        union all select xmin from run_steps where run_id = ${runId}) as written`);
    expect(rows[0]?.writers).toBe("1");
  });

  it("writes nothing of a hand-off whose last statement fails: the row stays queued for the retry", async () => {
    const { runId, sent, send } = await setUp();
    // A seq Postgres refuses (integer out of range) fails the sent mark, events and step statement.
    await expect(send({ stepSeq: 2 ** 31 })).rejects.toThrow();
    expect(sent).toHaveLength(1);
    const [row] = await db.select().from(messages).where(eq(messages.runId, runId));
    expect(row).toMatchObject({ status: "queued", sentAt: null, providerMessageId: null });
    if (!row) throw new Error("the message row was written before the hand-off");
    expect(await db.select().from(messageEvents).where(eq(messageEvents.messageId, row.id))).toEqual([]);
    expect(await findRunSteps(db, runId)).toEqual([]);

    // The retry hands the same row over again (a provider dedupes it by the idempotency key).
    const retried = await send();
    expect(retried).toMatchObject({ status: "sent", messageId: row.id, isRunPresent: true });
    expect(sent).toHaveLength(2);
    const events = await db.select().from(messageEvents).where(eq(messageEvents.messageId, row.id));
    expect(events.map((event) => event.type).sort()).toEqual(["delivered", "sent"]);
    expect((await findRunSteps(db, runId)).map((step) => step.outcome)).toEqual(["sent"]);
  });

  it("records a suppressed send with its reason and a skip with why, sending nothing", async () => {
    const suppressed = await setUp();
    if (!suppressed.email) throw new Error("the contact fixture has an address");
    await suppressAddressFixture(db, suppressed.workspaceId, suppressed.email);
    const result = await suppressed.send();
    expect(result).toMatchObject({ status: "suppressed", isRunPresent: true, reason: "address suppressed (manual)" });
    expect((await findRunSteps(db, suppressed.runId)).map((step) => [step.outcome, step.detail])).toEqual([
      [
        "suppressed",
        { templateId: suppressed.templateId, messageId: result.messageId, reason: "address suppressed (manual)" },
      ],
    ]);

    const skipped = await setUp();
    const noTopic = await skipped.send({ topicId: "00000000-0000-4000-8000-000000000000" });
    expect(noTopic).toMatchObject({ status: "skipped", isRunPresent: true });
    const [step] = await findRunSteps(db, skipped.runId);
    expect(step?.outcome).toBe("skipped");
    expect(step?.detail).toMatchObject({ reason: expect.stringContaining("no longer exists") });
    expect(suppressed.sent).toHaveLength(0);
    expect(skipped.sent).toHaveLength(0);
  });

  it("defers without a step, and says the run is gone when its row was deleted", async () => {
    const deferred = await setUp();
    const result = await deferred.send({
      limits: { quietHours: { start: "11:00", end: "13:00" }, frequencyCap: null, timeZone: "UTC" },
    });
    expect(result).toMatchObject({ status: "deferred", rule: "quiet_hours", until: "2026-12-07T13:00:00.000Z" });
    expect(await findRunSteps(db, deferred.runId)).toEqual([]);
    expect(deferred.sent).toHaveLength(0);

    // A skip writes no message, so the run row can go without a foreign key in the way.
    const gone = await setUp();
    await db.delete(journeyRuns).where(eq(journeyRuns.id, gone.runId));
    expect(await gone.send({ topicId: "00000000-0000-4000-8000-000000000000" })).toMatchObject({
      status: "skipped",
      isRunPresent: false,
    });
  });
});
