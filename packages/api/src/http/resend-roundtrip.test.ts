// A Resend round trip on the real Postgres: the sendEmail activity delivers through the
// WORKSPACE's Resend transport (key sealed by Settings) to a local stand-in of Resend's API,
// which returns a provider id; a correctly signed (Svix) webhook for that id then lands as
// message events — delivered, then a hard bounce that suppresses the next send.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Webhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@mailstream/db/client";
import { listMessageEvents } from "@mailstream/db/queries/message-events";
import { findSuppression } from "@mailstream/db/queries/suppressions";
import { contacts, journeyRuns, messages } from "@mailstream/db/schema";
import { createTransport } from "@mailstream/emails/transports";
import { testEnv } from "@mailstream/testing/test-env";
import { testOutbound } from "@mailstream/testing/outbound";
import { startResendStandIn, type ResendStandIn } from "@mailstream/testing/resend-stand-in";
import { createActivities, type SendEmailInput } from "@mailstream/activities";
import { handleResendWebhook } from "./webhooks-resend";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";
import { saveTransport } from "@mailstream/core/settings/settings";

const SECRET = "resend-roundtrip-secret-0123456789";
const signingSecret = `whsec_${Buffer.from("resend-roundtrip-signing-secret!").toString("base64")}`;
const { db } = createDb(testEnv().databaseUrl);
let resend: ResendStandIn;

beforeAll(async () => {
  resend = await startResendStandIn();
});
afterAll(async () => {
  await resend.close();
});

function signedWebhook(event: unknown): Request {
  const body = JSON.stringify(event);
  const id = `msg_${randomUUID()}`;
  const at = new Date();
  return new Request("https://ms.test/api/webhooks/resend", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
      "svix-signature": new Webhook(signingSecret).sign(id, at, body),
    },
    body,
  });
}

/** A live journey trigger → email → exit and one run of it for the contact: the activity's input. */
async function createRun(workspaceId: string, contactId: string, templateId: string): Promise<SendEmailInput> {
  const { journeyId, versionId } = await createLiveJourney(
    db,
    workspaceId,
    "Resend round trip",
    buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]),
  );
  const eventId = randomUUID();
  const [run] = await db
    .insert(journeyRuns)
    .values({
      workspaceId,
      journeyId,
      versionId,
      contactId,
      workflowId: `journey:${journeyId}:${contactId}:${eventId}`,
      triggerEventId: eventId,
    })
    .returning({ id: journeyRuns.id });
  if (!run) throw new Error("run insert returned nothing");
  return {
    runId: run.id,
    workspaceId,
    journeyId,
    contactId,
    nodeId: "email-1",
    templateId,
    trigger: { eventId, event: "signed_up", properties: {}, traits: {} },
  };
}

describe("Resend round trip", () => {
  it("sends with the workspace's sealed key, and a signed webhook for the returned id records the events", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    await saveTransport(db, SECRET, workspaceId, {
      kind: "resend",
      apiKey: "re_workspace_key_123",
      baseUrl: resend.baseUrl,
    });
    const email = `resend-${randomUUID().slice(0, 8)}@example.test`;
    const [contact] = await db
      .insert(contacts)
      .values({ workspaceId, userId: email, email, traits: { first_name: "Ada" } })
      .returning({ id: contacts.id });
    const templateId = await createTemplateFixture(
      db,
      workspaceId,
      "Welcome",
      'Welcome, {{ contact.first_name | default: "there" }}',
    );
    // The env transport is the outbox: reaching the stand-in proves the workspace's transport was used.
    const { sendEmail } = createActivities({
      db,
      transport: createTransport("outbox"),
      defaultFrom: "Mailstream Demo <demo@mailstream.test>",
      publicUrl: "https://ms.test",
      secret: SECRET,
      outbound: testOutbound,
    });

    const input = await createRun(workspaceId, contact?.id as string, templateId);
    const result = await sendEmail(input);
    expect(result.status).toBe("sent");
    const request = resend.received.find((r) => (r.body.to as string[])[0] === email);
    expect(request?.headers.authorization).toBe("Bearer re_workspace_key_123");
    expect(request?.headers["idempotency-key"]).toBe(`${input.runId}:email-1`);
    expect(request?.body.subject).toBe("Welcome, Ada");
    const [row] = await db
      .select()
      .from(messages)
      .where(eq(messages.id, result.messageId as string));
    expect(row).toMatchObject({ status: "sent", transport: "resend", providerMessageId: request?.id });

    const data = { email_id: request?.id, to: [email] };
    const delivered = await handleResendWebhook(
      signedWebhook({ type: "email.delivered", created_at: new Date().toISOString(), data }),
      { db, signingSecret },
    );
    expect(await delivered.json()).toEqual({ success: true, result: "recorded" });
    await handleResendWebhook(
      signedWebhook({ type: "email.bounced", data: { ...data, bounce: { type: "Permanent" } } }),
      { db, signingSecret },
    );
    const events = await listMessageEvents(db, result.messageId as string);
    expect(events.map((event) => event.type)).toEqual(["sent", "delivered", "bounced"]);
    expect(await findSuppression(db, workspaceId, email)).toMatchObject({ reason: "bounced" });

    // The bounce keeps the next journey email from going out at all.
    const before = resend.received.length;
    expect((await sendEmail(await createRun(workspaceId, contact?.id as string, templateId))).status).toBe(
      "suppressed",
    );
    expect(resend.received).toHaveLength(before);
  });
});
