// Subscription topics and transactional sends through the real sendEmail activity (real
// Postgres): an opt-out topic mails by default, leaving it skips with the topic named, an
// opt-in topic needs a choice, transactional bypasses topics and a plain unsubscribe but not a
// bounce, and List-Unsubscribe names the email's topic.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { createTopic, setContactSubscription } from "@mailstream/db/queries/subscription-topics";
import { suppressAddress } from "@mailstream/db/queries/suppressions";
import { messages } from "@mailstream/db/schema";
import { verifyTrackingToken } from "@mailstream/emails/tracking/token";
import { testEnv } from "@mailstream/testing/test-env";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import {
  createRecordingTransport,
  installQuietRuntime,
  runActivity,
  TEST_DEFAULT_FROM,
  TEST_PUBLIC_URL,
} from "@mailstream/testing/temporal-workers";
import { testOutbound } from "@mailstream/testing/outbound";
import type { SendEmailInput } from "./index";
import { createSendEmailActivity } from "./send-email";

const SECRET = "send-consent-test-secret-0123456789";
let db: Db;
beforeAll(() => {
  installQuietRuntime();
  db = createDb(testEnv().databaseUrl).db;
});

async function setUp() {
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId, email } = await createContactFixture(db, workspaceId, {});
  const { templateId } = await createTemplateFixture(db, workspaceId, {});
  const offers = await createTopic(db, workspaceId, { name: "Offers", description: "Deals", defaultMode: "opt_out" });
  const digest = await createTopic(db, workspaceId, { name: "Weekly digest", description: "", defaultMode: "opt_in" });
  const recording = createRecordingTransport();
  const sendEmail = createSendEmailActivity({
    db,
    transport: recording.transport,
    defaultFrom: TEST_DEFAULT_FROM,
    publicUrl: TEST_PUBLIC_URL,
    secret: SECRET,
    outbound: testOutbound,
  });
  let runs = 0;
  /** Each call is a fresh run (its own idempotency key). */
  const send = async (overrides: Partial<SendEmailInput>) => {
    const plan = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
    const run = await createRunFixture(db, { workspaceId, contactId, plan });
    runs++;
    return runActivity(sendEmail, {
      runId: run.runId,
      workspaceId,
      journeyId: run.journeyId,
      contactId,
      nodeId: `email-${runs}`,
      templateId,
      trigger: run.input.trigger,
      ...overrides,
    });
  };
  return { workspaceId, contactId, email: email as string, offers, digest, sent: recording.sent, send };
}

describe("sendEmail and subscription topics", () => {
  it("mails an opt-out topic by default and skips once the contact left it, naming the topic", async () => {
    const { workspaceId, contactId, offers, sent, send } = await setUp();
    const first = await send({ topicId: offers.id });
    expect(first.status).toBe("sent");
    const token = /<[^>]*\/unsubscribe\/([\w-]+\.[\w-]+)>/.exec(
      sent[0]?.headers["List-Unsubscribe"] ?? "",
    )?.[1] as string;
    expect(verifyTrackingToken(SECRET, token)).toEqual({
      kind: "unsubscribe",
      messageId: first.messageId,
      topicId: offers.id,
      issuedAt: expect.any(Number),
    });

    await setContactSubscription(db, {
      workspaceId,
      contactId,
      topicId: offers.id,
      isSubscribed: false,
      source: "one_click",
    });
    const second = await send({ topicId: offers.id });
    expect(second).toEqual({ status: "skipped", messageId: null, reason: 'unsubscribed from topic "Offers"' });
    expect(sent).toHaveLength(1);
    // Other marketing email (no topic) still goes out.
    expect((await send({})).status).toBe("sent");
  });

  it("needs an explicit opt-in for an opt-in topic", async () => {
    const { workspaceId, contactId, digest, send } = await setUp();
    expect(await send({ topicId: digest.id })).toMatchObject({
      status: "skipped",
      reason: 'not opted in to topic "Weekly digest"',
    });
    await setContactSubscription(db, {
      workspaceId,
      contactId,
      topicId: digest.id,
      isSubscribed: true,
      source: "preference_page",
    });
    expect((await send({ topicId: digest.id })).status).toBe("sent");
    expect(await send({ topicId: "7d3f7a8e-1111-4222-8333-444455556666" })).toMatchObject({
      status: "skipped",
      reason: "subscription topic 7d3f7a8e-1111-4222-8333-444455556666 no longer exists",
    });
  });

  it("transactional bypasses topics and a plain unsubscribe, carries no List-Unsubscribe, but respects a bounce", async () => {
    const { workspaceId, contactId, email, offers, sent, send } = await setUp();
    await setContactSubscription(db, {
      workspaceId,
      contactId,
      topicId: offers.id,
      isSubscribed: false,
      source: "one_click",
    });
    await suppressAddress(db, { workspaceId, email, reason: "unsubscribed" });
    expect((await send({ topicId: offers.id })).status).toBe("suppressed");
    const receipt = await send({ topicId: offers.id, transactional: true });
    expect(receipt.status).toBe("sent");
    expect(sent.at(-1)?.headers["List-Unsubscribe"]).toBeUndefined();
    const [row] = await db
      .select()
      .from(messages)
      .where(eq(messages.id, receipt.messageId as string));
    expect(row?.html).not.toContain("/unsubscribe/");

    const other = await setUp();
    await suppressAddress(db, { workspaceId: other.workspaceId, email: other.email, reason: "bounced" });
    expect((await other.send({ transactional: true })).status).toBe("suppressed");
  });
});
