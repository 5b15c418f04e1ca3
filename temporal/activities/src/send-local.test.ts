// The send's local attempt (`localAttempt`, SEND_LOCAL_PATCH) and the email queue's provider rate:
// a local attempt takes its queue's slot only if it is due within LOCAL_SLOT_BUDGET_MS, else it
// answers busy having handed nothing over and taken no slot; its row stays queued, and the queued
// attempt of the same send hands it over once. Local and queued calls share one worker's batches.
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { reserveSendSlots } from "@mailstream/db/queries/send-rate-limits";
import { messages, sendRateLimits } from "@mailstream/db/schema";
import { testOutbound } from "@mailstream/testing/outbound";
import { testEnv } from "@mailstream/testing/test-env";
import {
  createRecordingTransport,
  installQuietRuntime,
  runActivity,
  TEST_DEFAULT_FROM,
  TEST_PUBLIC_URL,
} from "@mailstream/testing/temporal-workers";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import { createActivities, type SendEmailInput } from "./index";
import { providerRateKey } from "./provider-rate";

let db: Db;
beforeAll(() => {
  installQuietRuntime();
  db = createDb(testEnv().databaseUrl).db;
});

/** `count` trigger → email → exit runs, one worker's sendEmail at 100 calls/s on a queue of the test's own. */
async function setUp(count: number) {
  const { workspaceId } = await createWorkspaceFixture(db);
  const { templateId } = await createTemplateFixture(db, workspaceId);
  const plan = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
  const inputs: SendEmailInput[] = [];
  for (let i = 0; i < count; i++) {
    const { contactId } = await createContactFixture(db, workspaceId);
    const run = await createRunFixture(db, { workspaceId, contactId, plan });
    const trigger = run.input.trigger;
    inputs.push({
      runId: run.runId,
      workspaceId,
      journeyId: run.journeyId,
      contactId,
      nodeId: "email-1",
      templateId,
      trigger,
      stepSeq: 1,
    });
  }
  const recording = createRecordingTransport();
  const { sendEmail } = createActivities({
    db,
    transport: recording.transport,
    defaultFrom: TEST_DEFAULT_FROM,
    publicUrl: TEST_PUBLIC_URL,
    outbound: testOutbound,
    emailRatePerSecond: 100,
  });
  const queue = `email-local-${randomUUID().slice(0, 8)}`;
  /** The call as the activity worker on `taskQueue` runs it (its info names the queue). */
  const on = (taskQueue: string) => (input: SendEmailInput) => runActivity(sendEmail, input, { taskQueue });
  return {
    inputs,
    sent: recording.sent,
    key: providerRateKey(queue),
    queued: on(queue),
    // A local attempt runs on the journeys queue; its slot is still the email queue's.
    local: (input: SendEmailInput) => on("journeys-local")({ ...input, localAttempt: { emailTaskQueue: queue } }),
  };
}

async function nextSlotAt(key: string): Promise<number> {
  const [row] = await db
    .select({ nextAt: sendRateLimits.nextAt })
    .from(sendRateLimits)
    .where(eq(sendRateLimits.key, key));
  return row?.nextAt.getTime() ?? Number.NaN;
}

async function statusesOf(inputs: SendEmailInput[]) {
  const rows = await db
    .select({ runId: messages.runId, status: messages.status })
    .from(messages)
    .where(
      inArray(
        messages.runId,
        inputs.map((input) => input.runId),
      ),
    );
  return inputs.map((input) => rows.filter((row) => row.runId === input.runId).map((row) => row.status));
}

describe("the send's local attempt", () => {
  it("sends when its slot is due soon, taking it from the email queue's rate", async () => {
    const { inputs, sent, key, local } = await setUp(1);
    const result = await local(inputs[0] as SendEmailInput);
    expect(result).toMatchObject({ status: "sent", isRunPresent: true });
    expect(sent).toHaveLength(1);
    expect(await nextSlotAt(key)).toBeGreaterThan(0);
  });

  it("answers busy when the slot is far off: nothing handed over, no slot taken; the queued attempt sends it once", async () => {
    const { inputs, sent, key, local, queued } = await setUp(1);
    const input = inputs[0] as SendEmailInput;
    await reserveSendSlots(db, key, 200, 10); // 2 s ahead
    const booked = await nextSlotAt(key);
    expect(await local(input)).toEqual({ status: "busy", messageId: null });
    expect(await nextSlotAt(key)).toBe(booked);
    expect(sent).toHaveLength(0);
    expect(await statusesOf([input])).toEqual([["queued"]]);
    expect(await queued(input)).toMatchObject({ status: "sent", isRunPresent: true });
    expect(sent).toHaveLength(1);
    expect(await statusesOf([input])).toEqual([["sent"]]);
  });

  it("in a batch with queued sends: the local ones answer busy, the queued ones wait for their slot and go", async () => {
    const { inputs, sent, key, local, queued } = await setUp(4);
    await reserveSendSlots(db, key, 200, 10);
    const [a, b, c, d] = inputs as [SendEmailInput, SendEmailInput, SendEmailInput, SendEmailInput];
    // Called in one turn: one batch of four outbox sends, handed off together.
    const results = await Promise.all([local(a), local(b), queued(c), queued(d)]);
    expect(results.map((result) => result.status)).toEqual(["busy", "busy", "sent", "sent"]);
    expect(await statusesOf(inputs)).toEqual([["queued"], ["queued"], ["sent"], ["sent"]]);
    expect(sent.map((email) => email.idempotencyKey).sort()).toEqual(
      [`${c.runId}:email-1`, `${d.runId}:email-1`].sort(),
    );
    // The busy ones' queued attempts.
    expect((await Promise.all([queued(a), queued(b)])).map((result) => result.status)).toEqual(["sent", "sent"]);
    expect(sent).toHaveLength(4);
  });
});
