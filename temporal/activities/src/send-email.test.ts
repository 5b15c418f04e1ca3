// sendEmail against the real Postgres: idempotency under retries and concurrent attempts,
// suppression (manual too), missing address, a missing value without default (a skip), and
// failures that must not be retried.
import { ApplicationFailure } from "@temporalio/activity";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { journeyRuns, messageEvents, messages } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { buildLinearPlan, createRunFixture, suppressAddressFixture } from "@mailstream/testing/workflow-fixtures";
import {
  createRecordingTransport,
  installQuietRuntime,
  runActivity,
  TEST_DEFAULT_FROM,
  TEST_PUBLIC_URL,
} from "@mailstream/testing/temporal-workers";
import { testOutbound } from "@mailstream/testing/outbound";
import { insertManualSuppression, suppressAddress } from "@mailstream/db/queries/suppressions";
import { workspaces } from "@mailstream/db/schema";
import { updateWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import { createSendEmailActivity } from "./send-email";
import { setUpSend, type SendSetUp } from "./send-fixtures";

let db: Db;
beforeAll(() => {
  installQuietRuntime();
  db = createDb(testEnv().databaseUrl).db;
});

/** A workspace, contact, template and run (send-fixtures.ts); returns the sendEmail input for the run's first node. */
const setUp = (contact: SendSetUp["contact"] = {}, template: SendSetUp["template"] = {}) =>
  setUpSend(db, { contact, template });

async function findRunMessages(runId: string) {
  return db.select().from(messages).where(eq(messages.runId, runId));
}

async function expectPermanentFailure(promise: Promise<unknown>, message: RegExp, type = "PermanentSendError") {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  expect((error as ApplicationFailure).type).toBe(type);
  expect((error as ApplicationFailure).nonRetryable).toBe(true);
  expect((error as ApplicationFailure).message).toMatch(message);
}

describe("sendEmail", () => {
  it("renders, stores and sends once; a second call returns the stored message without sending", async () => {
    const { input, email, sent, send } = await setUp();
    const first = await send();
    const second = await send();

    expect(first.status).toBe("sent");
    expect(second).toEqual(first);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.idempotencyKey).toBe(`${input.runId}:email-1`);
    const rows = await findRunMessages(input.runId);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      id: first.messageId,
      status: "sent",
      toAddress: email,
      fromAddress: TEST_DEFAULT_FROM,
      subject: "Welcome, Ada",
      providerMessageId: `outbox:${input.runId}:email-1`,
      transport: "outbox",
    });
    expect(row?.sentAt).toBeInstanceOf(Date);
    expect(row?.text).toContain("Thanks for your signed_up (pro).");
    expect(row?.headers).toEqual({
      "Message-ID": `<${first.messageId}@mailstream.test>`,
      "X-Mailstream-Run": input.runId,
      "X-Mailstream-Node": "email-1",
    });
    const events = await db
      .select()
      .from(messageEvents)
      .where(eq(messageEvents.messageId, first.messageId as string));
    // The outbox is the recipient's mailbox: stored is delivered, recorded with the send.
    expect(events.map((event) => event.type).sort()).toEqual(["delivered", "sent"]);
  });

  it("delivers once when two attempts race for the same message", async () => {
    const { input, sent, send } = await setUp();
    const results = await Promise.all([send(), send(), send()]);
    expect(new Set(results.map((result) => result.messageId)).size).toBe(1);
    expect(results.every((result) => result.status === "sent")).toBe(true);
    expect(sent).toHaveLength(1);
    expect(await findRunMessages(input.runId)).toHaveLength(1);
  });

  it("does not send to a suppressed address (case-insensitive) and records the message as suppressed", async () => {
    const { workspaceId, email, input, sent, send } = await setUp();
    await suppressAddressFixture(db, workspaceId, (email as string).toUpperCase());
    const result = await send();
    expect(result.status).toBe("suppressed");
    expect(sent).toHaveLength(0);
    const rows = await findRunMessages(input.runId);
    expect(rows.map((row) => [row.status, row.sentAt])).toEqual([["suppressed", null]]);
    expect(await send()).toEqual(result);
    expect(sent).toHaveLength(0);
  });

  it("falls back to the trigger's email and skips (without failing) when there is no address", async () => {
    const { input, sent, send } = await setUp({ email: null });
    const skipped = await send();
    expect(skipped).toEqual({ status: "skipped", messageId: null, reason: "no email address" });
    expect(await findRunMessages(input.runId)).toHaveLength(0);

    const fromTrigger = await send({ trigger: { ...input.trigger, traits: { email: "from-event@mailstream.test" } } });
    expect(fromTrigger.status).toBe("sent");
    expect(sent.map((email) => email.to)).toEqual(["from-event@mailstream.test"]);
  });

  it("fails permanently for a missing or malformed template id", async () => {
    const { send } = await setUp();
    await expectPermanentFailure(send({ templateId: "00000000-0000-4000-8000-000000000000" }), /template .* not found/);
    await expectPermanentFailure(send({ templateId: "not-a-uuid" }), /template not-a-uuid not found/);
  });

  it("fails for good, naming it, when the run was deleted while it sent (the message's foreign key), with or without limits", async () => {
    const { input, sent, send } = await setUp();
    await db.delete(journeyRuns).where(eq(journeyRuns.id, input.runId));
    const gone = new RegExp(`run ${input.runId} was deleted \\(its run is gone\\)`);
    await expectPermanentFailure(send(), gone, "RunDeletedError");
    const limits = { quietHours: null, frequencyCap: { maxEmails: 5, periodMs: 3_600_000 }, timeZone: "UTC" };
    await expectPermanentFailure(send({ limits }), gone, "RunDeletedError");
    expect(sent).toHaveLength(0);
    expect(await findRunMessages(input.runId)).toHaveLength(0);
  });

  it("fails permanently, before storing anything, when the template does not render", async () => {
    const { input, sent, send } = await setUp({}, { subject: "Hello {{ contact.first_name " });
    await expectPermanentFailure(send(), /failed to render \(subject\)/);
    expect(sent).toHaveLength(0);
    expect(await findRunMessages(input.runId)).toHaveLength(0);
  });

  it("skips with the variable named, storing nothing, when a body value printed without a default is missing", async () => {
    const body = "Hi {{ contact.first_name }},\n\nYour coupon: {{ event.properties.coupon }}";
    const { input, sent, send } = await setUp({}, { body });
    expect(await send()).toEqual({
      status: "skipped",
      messageId: null,
      reason: "missing required variable event.properties.coupon (no | default: in the body)",
    });
    expect(sent).toHaveLength(0);
    expect(await findRunMessages(input.runId)).toHaveLength(0);
    const withCoupon = await send({
      trigger: { ...input.trigger, properties: { ...input.trigger.properties, coupon: "SAVE10" } },
    });
    expect(withCoupon.status).toBe("sent");
    expect(sent[0]?.text).toContain("Your coupon: SAVE10");
  });

  it("prints workspace variables from Settings; id and name stay the workspace's own", async () => {
    const { workspaceId, sent, send } = await setUp(
      {},
      { body: "Hi {{ contact.first_name }},\n\n{{ workspace.name }} · {{ workspace.company_address }}" },
    );
    await updateWorkspaceSettings(db, workspaceId, {
      variables: { company_address: "1 Main St, Springfield", name: "not the name" },
    });
    const [workspace] = await db
      .select({ name: workspaces.name })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    expect((await send()).status).toBe("sent");
    expect(sent[0]?.text).toContain(`${workspace?.name} · 1 Main St, Springfield`);
  });

  it("a manual suppression from Settings stops the send, recorded as suppressed", async () => {
    const { workspaceId, email, input, sent, send } = await setUp();
    await insertManualSuppression(db, { workspaceId, email: email as string, note: "asked by phone" });
    const result = await send();
    expect(result).toMatchObject({ status: "suppressed", reason: "address suppressed (manual)" });
    expect(sent).toHaveLength(0);
    expect((await findRunMessages(input.runId)).map((row) => [row.status, row.error])).toEqual([
      ["suppressed", "address suppressed (manual)"],
    ]);
    // A retried attempt reads the stored row and gives the same reason (the run step records it).
    expect(await send()).toEqual(result);
  });

  it("marks the message failed when the transport rejects it for good, and does not retry it", async () => {
    // `a@localhost` passes the activity's shape check but the outbox transport wants a dotted domain.
    const { input, sent, send } = await setUp({ email: "someone@localhost" });
    await expectPermanentFailure(send(), /recipient "someone@localhost" is not a valid email address/);
    const [row] = await findRunMessages(input.runId);
    expect(row?.status).toBe("failed");
    expect(row?.error).toMatch(/not a valid email address/);
    await expectPermanentFailure(send(), /not a valid email address/);
    expect(sent).toHaveLength(1);
  });
});

describe("sendEmail with MAILSTREAM_SECRET (tracking and unsubscribe)", () => {
  const secret = "send-email-test-secret-0123456789";
  async function setUpTracked(
    contact: { traits?: Record<string, unknown> } = {},
    body = "Hi {{ contact.first_name }}\n\n[Offer](https://shop.example.test/o?a=1&b=2)",
  ) {
    const base = await setUp(contact, { body });
    const recording = createRecordingTransport();
    const sendEmail = createSendEmailActivity({
      db,
      transport: recording.transport,
      defaultFrom: TEST_DEFAULT_FROM,
      publicUrl: TEST_PUBLIC_URL,
      secret,
      outbound: testOutbound,
    });
    const send = () => runActivity(sendEmail, base.input);
    return { ...base, sent: recording.sent, send };
  }

  it("rewrites links, adds the open pixel, the footer link and RFC 8058 headers", async () => {
    const { sent, send } = await setUpTracked();
    expect((await send()).status).toBe("sent");
    const [email] = sent;
    expect(email?.html).not.toContain('href="https://shop.example.test');
    expect(email?.html).toMatch(/<a\b[^>]*href="https?:\/\/mailstream\.test\/t\/c\/[\w-]+\.[\w-]+"/);
    expect(email?.html).toMatch(
      /<img src="https?:\/\/mailstream\.test\/t\/o\/[\w-]+\.[\w-]+" width="1" height="1" alt=""/,
    );
    const unsubscribe = /href="(https?:\/\/mailstream\.test\/unsubscribe\/[\w.-]+)"[^>]*>Unsubscribe</.exec(
      email?.html ?? "",
    )?.[1];
    expect(unsubscribe).toBeDefined();
    expect(email?.headers).toMatchObject({
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(email?.text).toContain("https://shop.example.test/o?a=1&b=2");
  });

  it("tracks a link whose host came from contact data only on an approved host; others go out untracked", async () => {
    const traits = {
      first_name: "Ada",
      website: "https://evil.test/x",
      partner: "https://shop.partner.test/p",
      more: "https://shop.example.test/more",
      own: `${TEST_PUBLIC_URL}/welcome`,
    };
    const body = [
      "[Offer](https://shop.example.test/o)",
      "[Site]({{ contact.website }})",
      "[Partner]({{ contact.partner }})",
      "[More]({{ contact.more }})",
      "[Own]({{ contact.own }})",
    ].join("\n\n");
    const { workspaceId, sent, send } = await setUpTracked({ traits }, body);
    await updateWorkspaceSettings(db, workspaceId, { linkDomains: ["*.partner.test"] });
    expect((await send()).status).toBe("sent");
    const html = sent[0]?.html ?? "";
    const hrefOf = (label: string) => new RegExp(`<a[^>]*href="([^"]+)"[^>]*>${label}<`).exec(html)?.[1];
    expect(hrefOf("Site")).toBe("https://evil.test/x");
    for (const label of ["Offer", "Partner", "More", "Own"])
      expect(hrefOf(label), label).toMatch(/\/t\/c\/[\w-]+\.[\w-]+$/);
  });

  it("keeps links untouched and adds no pixel when the workspace turned tracking off", async () => {
    const { workspaceId, sent, send } = await setUpTracked();
    await db
      .update(workspaces)
      .set({ settings: { trackingEnabled: false } })
      .where(eq(workspaces.id, workspaceId));
    await send();
    expect(sent[0]?.html).toContain('href="https://shop.example.test/o?a=1&amp;b=2"');
    expect(sent[0]?.html).not.toMatch(/\/t\/[oc]\//);
    expect(sent[0]?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("an unsubscribe (the suppression the one-click POST writes) stops the next send", async () => {
    const first = await setUpTracked();
    expect((await first.send()).status).toBe("sent");
    // Same query as the api's unsubscribeByToken (packages/core/src/tracking/unsubscribe.ts).
    await suppressAddress(db, { workspaceId: first.workspaceId, email: first.email as string, reason: "unsubscribed" });
    const run = await createRunFixture(db, {
      workspaceId: first.workspaceId,
      contactId: first.input.contactId,
      plan: buildLinearPlan([{ kind: "email", templateId: first.input.templateId }, { kind: "exit" }]),
    });
    const recording = createRecordingTransport();
    const sendEmail = createSendEmailActivity({
      db,
      transport: recording.transport,
      defaultFrom: TEST_DEFAULT_FROM,
      publicUrl: TEST_PUBLIC_URL,
      secret,
      outbound: testOutbound,
    });
    const next = await runActivity(sendEmail, { ...first.input, runId: run.runId, journeyId: run.journeyId });
    expect(next.status).toBe("suppressed");
    expect(recording.sent).toHaveLength(0);
  });
});
