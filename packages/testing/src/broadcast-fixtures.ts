// Test data for broadcasts: a workspace's contacts in a segment (memberships written directly,
// so no evaluation runs), a template, and a broadcast row already scheduled with its variant
// pinned — the state scheduleBroadcast leaves — plus the workflow input that goes with it; and a
// staggered broadcast whose test sample is already "sent" (a message per sampled recipient); and
// a broadcast to a new audience with its workflow started.
import { randomUUID } from "node:crypto";
import type { Client } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import {
  broadcasts,
  broadcastVariants,
  contacts,
  messages,
  segmentMemberships,
  segments,
  type BroadcastAbTest,
  type BroadcastScheduleKind,
} from "@mailstream/db/schema";
import {
  findRecipientReportRows,
  markRecipients,
  snapshotBroadcastAudience,
} from "@mailstream/db/queries/broadcast-recipients";
import { findBroadcastVariants } from "@mailstream/db/queries/broadcasts";
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { pinTemplateVersion } from "@mailstream/core/templates/load-template";
import { broadcastWorkflowId, type BroadcastSendInput } from "@mailstream/temporal-contracts";
import type { broadcastSend } from "@mailstream/workflows";
import { createTemplateFixture, createWorkspaceFixture } from "./workflow-fixtures";

export interface AudienceContact {
  email?: string | null;
  timezone?: string | null;
  traits?: Record<string, unknown>;
}

/** A segment holding one new contact per entry (unique `.test` addresses unless given). */
export async function createSegmentAudienceFixture(
  db: Db,
  workspaceId: string,
  people: readonly AudienceContact[],
): Promise<{ segmentId: string; contactIds: string[]; userIds: string[] }> {
  const [segment] = await db
    .insert(segments)
    .values({ workspaceId, name: `Audience ${randomUUID().slice(0, 8)}`, definition: { match: "all", groups: [] } })
    .returning({ id: segments.id });
  if (!segment) throw new Error("segment insert returned nothing");
  if (people.length === 0) return { segmentId: segment.id, contactIds: [], userIds: [] };
  const rows = await db
    .insert(contacts)
    .values(
      people.map((person) => {
        const userId = `user-${randomUUID().slice(0, 12)}`;
        return {
          workspaceId,
          userId,
          email: person.email === undefined ? `${userId}@mailstream.test` : person.email,
          timezone: person.timezone ?? null,
          traits: person.traits ?? { first_name: "Ada" },
        };
      }),
    )
    .returning({ id: contacts.id, userId: contacts.userId });
  await db
    .insert(segmentMemberships)
    .values(rows.map((row) => ({ workspaceId, segmentId: segment.id, contactId: row.id })));
  return { segmentId: segment.id, contactIds: rows.map((row) => row.id), userIds: rows.map((row) => row.userId ?? "") };
}

export interface ScheduledBroadcastFixture {
  broadcastId: string;
  templateId: string;
  input: BroadcastSendInput;
  workflowId: string;
}

/** A scheduled broadcast to `segmentId` with a pinned template (`{{ contact.first_name }}` is required). */
export async function createScheduledBroadcastFixture(
  db: Db,
  fields: {
    workspaceId: string;
    segmentId: string;
    scheduleKind?: BroadcastScheduleKind;
    sendAt?: Date;
    localTime?: string;
    throttlePerHour?: number | null;
    domainLimits?: Record<string, number>;
    quietHours?: { start: string; end: string; timeZone?: string } | null;
    frequencyCap?: { maxEmails: number; periodMs: number } | null;
    emailTaskQueue: string;
    pagesPerHistory?: number;
    /** Staggered A/B: the test, and its variants (keys A, B, … of the one template, by subject). */
    abTest?: BroadcastAbTest;
    variants?: readonly { subject: string | null; weight: number }[];
    /** The conversion goal's event (broadcasts.goal_event). */
    goalEvent?: string | null;
  },
): Promise<ScheduledBroadcastFixture> {
  const { workspaceId } = fields;
  const { templateId } = await createTemplateFixture(db, workspaceId, {
    subject: "News for {{ contact.first_name }}",
    body: "Hi {{ contact.first_name }}, here is the news.",
  });
  const { versionId } = await pinTemplateVersion(db, workspaceId, templateId);
  const sendAt = fields.sendAt ?? new Date();
  const [broadcast] = await db
    .insert(broadcasts)
    .values({
      workspaceId,
      name: `Broadcast ${randomUUID().slice(0, 8)}`,
      segmentId: fields.segmentId,
      scheduleKind: fields.scheduleKind ?? "now",
      sendAt,
      localTime: fields.localTime ?? null,
      throttlePerHour: fields.throttlePerHour ?? null,
      domainLimits: fields.domainLimits ?? {},
      quietHours: fields.quietHours ?? null,
      frequencyCap: fields.frequencyCap ?? null,
      abTest: fields.abTest ?? null,
      goalEvent: fields.goalEvent ?? null,
      status: "scheduled",
      scheduledAt: new Date(),
    })
    .returning({ id: broadcasts.id });
  if (!broadcast) throw new Error("broadcast insert returned nothing");
  const variants = fields.variants ?? [{ subject: null, weight: 100 }];
  await db.insert(broadcastVariants).values(
    variants.map((variant, index) => ({
      workspaceId,
      broadcastId: broadcast.id,
      key: String.fromCharCode(65 + index),
      templateId,
      templateVersionId: versionId,
      subject: variant.subject,
      weight: variant.weight,
    })),
  );
  const workflowId = broadcastWorkflowId(broadcast.id);
  return {
    broadcastId: broadcast.id,
    templateId,
    workflowId,
    input: {
      broadcastId: broadcast.id,
      workspaceId,
      startAt: sendAt.toISOString(),
      throttlePerHour: fields.throttlePerHour ?? null,
      options: {
        emailTaskQueue: fields.emailTaskQueue,
        ...(fields.pagesPerHistory ? { pagesPerHistory: fields.pagesPerHistory } : {}),
      },
    },
  };
}

/**
 * A new workspace whose segment holds `audience` new contacts, a scheduled broadcast to it with
 * `fields`, and its `broadcastSend` started on `workers`' queues.
 */
export async function startBroadcastToNewAudience(
  workers: { db: Db; client: Client; taskQueues: { journeys: string; email: string } },
  audience: number,
  fields: Omit<Parameters<typeof createScheduledBroadcastFixture>[1], "workspaceId" | "segmentId" | "emailTaskQueue">,
) {
  const { workspaceId } = await createWorkspaceFixture(workers.db);
  const { segmentId } = await createSegmentAudienceFixture(
    workers.db,
    workspaceId,
    Array.from({ length: audience }, () => ({})),
  );
  const fixture = await createScheduledBroadcastFixture(workers.db, {
    workspaceId,
    segmentId,
    emailTaskQueue: workers.taskQueues.email,
    ...fields,
  });
  const handle = await workers.client.workflow.start<typeof broadcastSend>("broadcastSend", {
    taskQueue: workers.taskQueues.journeys,
    workflowId: fixture.workflowId,
    args: [fixture.input],
  });
  return { ...fixture, workspaceId, handle };
}

/** One sampled recipient whose message went out. */
export interface SentSampleRecipient {
  contactId: string;
  userId: string;
  messageId: string;
  handledAt: Date;
}

/**
 * A scheduled A/B broadcast (variants "A" and "B", 50/50) to `audienceSize` new contacts in a new
 * workspace, snapshotted, its test sample marked sent with a message each; `click` records clicks.
 */
export async function createSentSampleFixture(
  db: Db,
  fields: { abTest: BroadcastAbTest; audienceSize: number; goalEvent?: string | null },
) {
  const { workspaceId } = await createWorkspaceFixture(db);
  const audience = await createSegmentAudienceFixture(
    db,
    workspaceId,
    Array.from({ length: fields.audienceSize }, () => ({})),
  );
  const { segmentId } = audience;
  const userIdOf = new Map(audience.contactIds.map((id, index) => [id, audience.userIds[index] as string]));
  const fixture = await createScheduledBroadcastFixture(db, {
    workspaceId,
    segmentId,
    abTest: fields.abTest,
    goalEvent: fields.goalEvent ?? null,
    variants: [
      { subject: "A", weight: 50 },
      { subject: "B", weight: 50 },
    ],
    emailTaskQueue: "unused",
  });
  const variants = await findBroadcastVariants(db, fixture.broadcastId);
  const snapshot = await snapshotBroadcastAudience(db, {
    broadcastId: fixture.broadcastId,
    audience: { workspaceId, segmentId, topicId: null },
    variantId: variants[0]?.id as string,
    pageSize: 100,
    localTime: null,
    startAt: new Date(),
    sample: { samplePercent: fields.abTest.samplePercent, variants },
  });
  // The report's rows: every recipient with its variant key, phase and send instant.
  const testRows = async () =>
    (await findRecipientReportRows(db, fixture.broadcastId, null, fields.audienceSize, null)).filter(
      (row) => row.phase === "test",
    );
  const sample = (await testRows()).map((row) => ({ contactId: row.contact_id, variantKey: row.variant_key }));
  const sent = await db
    .insert(messages)
    .values(
      sample.map((row) => ({
        workspaceId,
        contactId: row.contactId,
        idempotencyKey: `broadcast:${fixture.broadcastId}:${row.contactId}`,
        toAddress: `${randomUUID()}@mailstream.test`,
        fromAddress: "news@mailstream.test",
        subject: "x",
        html: "x",
        text: "x",
        transport: "outbox",
        status: "sent" as const,
      })),
    )
    .returning({ id: messages.id, contactId: messages.contactId });
  await markRecipients(
    db,
    { broadcastId: fixture.broadcastId, page: null },
    sent.map((m) => ({ contactId: m.contactId as string, state: "sent", messageId: m.id })),
  );
  const handledAtOf = new Map((await testRows()).map((row) => [row.contact_id, new Date(row.handled_at as string)]));
  const messageOf = new Map(sent.map((m) => [m.contactId, m.id]));
  const recipientsOf = (key: string): SentSampleRecipient[] =>
    sample
      .filter((row) => row.variantKey === key)
      .map((row) => ({
        contactId: row.contactId,
        userId: userIdOf.get(row.contactId) as string,
        messageId: messageOf.get(row.contactId) as string,
        handledAt: handledAtOf.get(row.contactId) as Date,
      }));
  const click = async (messageIds: readonly string[]) => {
    for (const messageId of messageIds) {
      await recordMessageEvent(db, { workspaceId, messageId, type: "clicked", dedupeKey: `click:${messageId}` });
    }
  };
  const recipientsA = recipientsOf("A");
  const recipientsB = recipientsOf("B");
  return {
    ...fixture,
    workspaceId,
    snapshot,
    variants,
    recipientsA,
    recipientsB,
    messagesA: recipientsA.map((r) => r.messageId),
    messagesB: recipientsB.map((r) => r.messageId),
    click,
  };
}
