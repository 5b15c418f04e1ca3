// Test data for broadcasts: a workspace's contacts in a segment (memberships written directly,
// so no evaluation runs), a template, and a broadcast row already scheduled with its variant
// pinned — the state scheduleBroadcast leaves — plus the workflow input that goes with it.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import {
  broadcasts,
  broadcastVariants,
  contacts,
  segmentMemberships,
  segments,
  type BroadcastAbTest,
  type BroadcastScheduleKind,
} from "@mailstream/db/schema";
import { pinTemplateVersion } from "@mailstream/core/templates/load-template";
import { broadcastWorkflowId, type BroadcastSendInput } from "@mailstream/temporal-contracts";
import { createTemplateFixture } from "./workflow-fixtures";

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
): Promise<{ segmentId: string; contactIds: string[] }> {
  const [segment] = await db
    .insert(segments)
    .values({ workspaceId, name: `Audience ${randomUUID().slice(0, 8)}`, definition: { match: "all", groups: [] } })
    .returning({ id: segments.id });
  if (!segment) throw new Error("segment insert returned nothing");
  if (people.length === 0) return { segmentId: segment.id, contactIds: [] };
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
    .returning({ id: contacts.id });
  await db
    .insert(segmentMemberships)
    .values(rows.map((row) => ({ workspaceId, segmentId: segment.id, contactId: row.id })));
  return { segmentId: segment.id, contactIds: rows.map((row) => row.id) };
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
