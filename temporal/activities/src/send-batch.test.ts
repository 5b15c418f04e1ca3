// Coalesced journey sends (send-batch.ts): concurrent sendEmail calls on one worker share one
// read, one insert and one hand-off transaction, and each call gets its own answer — a bad send
// fails alone, a retry of a send an earlier batch handed off finds its row and hands off nothing,
// and a remote provider (Resend) still gets one call per email under that email's own key.
import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import { journeyRuns, messages } from "@mailstream/db/schema";
import { createTransport, type EmailTransport, type OutgoingEmail } from "@mailstream/emails/transports";
import { testOutbound } from "@mailstream/testing/outbound";
import { startResendStandIn } from "@mailstream/testing/resend-stand-in";
import { testEnv } from "@mailstream/testing/test-env";
import {
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
import { ApplicationFailure } from "@temporalio/activity";
import { createActivities, type SendEmailInput } from "./index";

let db: Db;
beforeAll(() => {
  installQuietRuntime();
  db = createDb(testEnv().databaseUrl).db;
});

/** The outbox, recording each batch call it gets (and each single send). */
function batchRecordingOutbox() {
  const outbox = createTransport("outbox");
  const batches: OutgoingEmail[][] = [];
  const singles: OutgoingEmail[] = [];
  const transport: EmailTransport = {
    name: outbox.name,
    send(email) {
      singles.push(email);
      return outbox.send(email);
    },
    sendBatch(emails, key) {
      batches.push([...emails]);
      return outbox.sendBatch!(emails, key);
    },
  };
  return { transport, batches, singles };
}

/** One workspace and template; `count` contacts, each with a trigger → email → exit run. */
async function setUpRuns(count: number, transport: EmailTransport, emails: (string | null)[] = []) {
  const { workspaceId } = await createWorkspaceFixture(db);
  const { templateId } = await createTemplateFixture(db, workspaceId);
  const plan = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
  const inputs: SendEmailInput[] = [];
  for (let i = 0; i < count; i++) {
    const { contactId } = await createContactFixture(
      db,
      workspaceId,
      emails[i] === undefined ? {} : { email: emails[i] },
    );
    const run = await createRunFixture(db, { workspaceId, contactId, plan });
    inputs.push({
      runId: run.runId,
      workspaceId,
      journeyId: run.journeyId,
      contactId,
      nodeId: "email-1",
      templateId,
      trigger: run.input.trigger,
      stepSeq: 1,
      exitStep: { nodeId: "exit-2" },
    });
  }
  /** A worker's sendEmail over `over` (each call makes another worker, with its own batches). */
  const worker = (over: EmailTransport) => {
    const activities = createActivities({
      db,
      transport: over,
      defaultFrom: TEST_DEFAULT_FROM,
      publicUrl: TEST_PUBLIC_URL,
      outbound: testOutbound,
    });
    return (input: SendEmailInput) => runActivity(activities.sendEmail, input);
  };
  return { workspaceId, templateId, inputs, send: worker(transport), worker };
}

/** How many transactions wrote these rows as they are now (each write stamps the row's xmin). */
async function writersOf(messageIds: string[]): Promise<number> {
  const { rows } = await db.execute<{ writers: string }>(sql`
    select count(distinct xmin::text) as writers from messages where id = any(${sql.param(messageIds)}::uuid[])`);
  return Number(rows[0]?.writers);
}

describe("coalesced journey sends", () => {
  it("hands concurrent sends over as one batch, each with its own result, steps and run end", async () => {
    const outbox = batchRecordingOutbox();
    const { inputs, send } = await setUpRuns(6, outbox.transport);
    const results = await Promise.all(inputs.map(send));

    expect(outbox.batches.map((batch) => batch.length)).toEqual([6]);
    expect(outbox.singles).toHaveLength(0);
    for (const [i, result] of results.entries()) {
      expect(result).toEqual({
        status: "sent",
        messageId: expect.any(String),
        isRunPresent: true,
        isExitRecorded: true,
      });
      const input = inputs[i] as SendEmailInput;
      const [row] = await db
        .select()
        .from(messages)
        .where(eq(messages.id, result.messageId as string));
      expect(row).toMatchObject({ runId: input.runId, idempotencyKey: `${input.runId}:email-1`, status: "sent" });
      const steps = await findRunSteps(db, input.runId);
      expect(steps.map((step) => [step.seq, step.kind, step.outcome, step.detail])).toEqual([
        [1, "email", "sent", { templateId: input.templateId, messageId: result.messageId }],
        [2, "exit", "exited", {}],
      ]);
      expect(await findRunById(db, input.runId)).toMatchObject({ status: "completed", currentNodeId: null });
    }
    // One transaction marked every row sent.
    expect(await writersOf(results.map((result) => result.messageId as string))).toBe(1);
  });

  it("fails a bad address, a missing template and a deleted run alone; the others are sent", async () => {
    const outbox = batchRecordingOutbox();
    const { inputs, send } = await setUpRuns(5, outbox.transport, [undefined, "not-an-address", null] as never);
    const [good, badAddress, , missingTemplate, deletedRun] = inputs as [
      SendEmailInput,
      SendEmailInput,
      SendEmailInput,
      SendEmailInput,
      SendEmailInput,
    ];
    // The third contact has no address at all: a skip, recorded with the batch.
    await db.delete(journeyRuns).where(eq(journeyRuns.id, deletedRun.runId));
    const settled = await Promise.allSettled(
      inputs.map((input) =>
        send(input === missingTemplate ? { ...input, templateId: "00000000-0000-4000-8000-000000000000" } : input),
      ),
    );
    const [sent, address, skipped, template, deleted] = settled;
    expect(sent).toMatchObject({ status: "fulfilled", value: { status: "sent", isRunPresent: true } });
    expect(skipped).toMatchObject({
      status: "fulfilled",
      value: { status: "skipped", messageId: null, reason: "no email address", isRunPresent: true },
    });
    const failure = (outcome: PromiseSettledResult<unknown> | undefined) => {
      if (outcome?.status !== "rejected") throw new Error("expected the send to fail");
      expect(outcome.reason).toBeInstanceOf(ApplicationFailure);
      return outcome.reason as ApplicationFailure;
    };
    expect(failure(address)).toMatchObject({ type: "PermanentSendError", nonRetryable: true });
    expect(failure(address).message).toContain("invalid email address");
    expect(failure(template)).toMatchObject({ type: "PermanentSendError", nonRetryable: true });
    expect(failure(deleted)).toMatchObject({ type: "RunDeletedError", nonRetryable: true });
    // Only the good one went out (alone: one queued row is handed off by itself), and only it has a row.
    expect(outbox.batches).toEqual([]);
    expect(outbox.singles.map((email) => email.idempotencyKey)).toEqual([`${good.runId}:email-1`]);
    const rows = await db
      .select({ runId: messages.runId })
      .from(messages)
      .where(inArray(messages.runId, [good.runId, badAddress.runId, missingTemplate.runId]));
    expect(rows).toEqual([{ runId: good.runId }]);
  });

  it("answers a retry of a send an earlier batch handed off with the same message, handing off nothing", async () => {
    const outbox = batchRecordingOutbox();
    const { inputs, send } = await setUpRuns(3, outbox.transport);
    const first = await Promise.all(inputs.map(send));
    // The retries arrive together (one batch) and beside a duplicate of one of them (the next batch).
    const again = await Promise.all([...inputs, inputs[0] as SendEmailInput].map(send));
    expect(again.slice(0, 3)).toEqual(first);
    expect(again[3]).toEqual(first[0]);
    expect(outbox.batches.map((batch) => batch.length)).toEqual([3]);
    expect(outbox.singles).toHaveLength(0);
    for (const input of inputs) expect(await findRunSteps(db, input.runId)).toHaveLength(2);
  });

  it("two workers batching the same sends at once: each email is handed off once, and both answer the same", async () => {
    const first = batchRecordingOutbox();
    const second = batchRecordingOutbox();
    const { inputs, send, worker } = await setUpRuns(8, first.transport);
    const other = worker(second.transport);
    // The second worker holds the same sends in the other order: its batch and the first lock the same rows.
    const [a, b] = await Promise.all([Promise.all(inputs.map(send)), Promise.all([...inputs].reverse().map(other))]);
    expect([...b].reverse()).toEqual(a);
    const handedOff = [...first.batches.flat(), ...second.batches.flat()].map((email) => email.idempotencyKey);
    expect(handedOff.sort()).toEqual(inputs.map((input) => `${input.runId}:email-1`).sort());
    for (const input of inputs) expect(await findRunSteps(db, input.runId)).toHaveLength(2);
  });

  it("sends over Resend one call per email, each under its own message's key, never a batch", async () => {
    const resend = await startResendStandIn();
    try {
      const transport = createTransport("resend", {
        resendApiKey: "re_test",
        resendBaseUrl: resend.baseUrl,
        outbound: testOutbound,
      });
      const { inputs, send } = await setUpRuns(4, transport);
      const results = await Promise.all(inputs.map(send));
      expect(results.every((result) => result.status === "sent" && result.isExitRecorded)).toBe(true);
      expect(resend.batches).toHaveLength(0);
      expect(resend.received.map((request) => request.idempotencyKey).sort()).toEqual(
        inputs.map((input) => `${input.runId}:email-1`).sort(),
      );
      // A retry finds each row sent and calls Resend no more.
      await Promise.all(inputs.map(send));
      expect(resend.received).toHaveLength(4);
    } finally {
      await resend.close();
    }
  });
});
