// Test data for the contacts API: a contact with events (through the real ingest handler),
// messages with message events, and a journey run with steps — all in the caller's workspace.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { upsertContactFromIdentify } from "@mailstream/db/queries/contacts";
import { journeyRuns, messageEvents, messages, runSteps, suppressions } from "@mailstream/db/schema";
import { handleTrack } from "@mailstream/api/http/track";
import { basicAuth, buildLinearGraph, createLiveJourney, postJson, type WorkspaceFixture } from "./workspace-fixtures";

export async function createContactFixture(
  db: Db,
  ws: WorkspaceFixture,
  options: { events?: number; messages?: number; suppressed?: boolean } = {},
) {
  const userId = `u-${randomUUID()}`;
  const email = `${userId}@mailstream.test`;
  const contact = await upsertContactFromIdentify(db, {
    workspaceId: ws.workspaceId,
    userId,
    traits: { plan: "pro", email },
    email,
    timezone: "Europe/Paris",
  });
  for (let i = 0; i < (options.events ?? 0); i++) {
    const res = await handleTrack(
      postJson(
        "/api/v1/track",
        {
          userId,
          anonymousId: `anon-${userId}`,
          event: `step_${i}`,
          properties: { i },
          timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        },
        { authorization: basicAuth(ws.writeKey) },
      ),
      { db },
    );
    if (res.status !== 200) throw new Error(`track fixture failed: ${res.status} ${await res.text()}`);
  }
  const messageIds: string[] = [];
  for (let i = 0; i < (options.messages ?? 0); i++) {
    const [row] = await db
      .insert(messages)
      .values({
        workspaceId: ws.workspaceId,
        contactId: contact.id,
        idempotencyKey: `test-${randomUUID()}`,
        toAddress: email,
        fromAddress: "Test <test@mailstream.test>",
        subject: `Subject ${i}`,
        html: "<p>hi</p>",
        text: "hi",
        transport: "outbox",
        status: "sent",
      })
      .returning({ id: messages.id });
    if (!row) throw new Error("message fixture insert returned no row");
    messageIds.push(row.id);
    await db
      .insert(messageEvents)
      .values({ workspaceId: ws.workspaceId, messageId: row.id, type: "delivered", dedupeKey: `test-${randomUUID()}` });
  }
  if (options.suppressed)
    await db.insert(suppressions).values({ workspaceId: ws.workspaceId, email, reason: "unsubscribed" });
  return { contactId: contact.id, userId, email, messageIds };
}

/** A journey with one long wait and an `active` run row for the contact (no workflow started). */
export async function createRunFixture(db: Db, workspaceId: string, contactId: string) {
  const journey = await createLiveJourney(
    db,
    workspaceId,
    `Wait ${randomUUID().slice(0, 6)}`,
    buildLinearGraph("signed_up", [{ kind: "wait", seconds: 3600 }, { kind: "exit" }]),
  );
  const workflowId = `journey:${journey.journeyId}:${contactId}:${randomUUID()}`;
  const [run] = await db
    .insert(journeyRuns)
    .values({
      workspaceId,
      journeyId: journey.journeyId,
      versionId: journey.versionId,
      contactId,
      workflowId,
      currentNodeId: "wait-1",
    })
    .returning({ id: journeyRuns.id });
  if (!run) throw new Error("run fixture insert returned no row");
  await db.insert(runSteps).values({
    runId: run.id,
    journeyId: journey.journeyId,
    seq: 0,
    nodeId: "trigger",
    kind: "trigger",
    outcome: "entered",
  });
  return { ...journey, runId: run.id, workflowId };
}
