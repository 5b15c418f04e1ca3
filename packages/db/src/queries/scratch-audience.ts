// What a test run's conditions read about the audience, copied into its scratch workspace so a
// branch gives the answer a real run would: the subscription topics (and a real contact's
// choices), the computed-trait definitions (and a real contact's values), the segments (and a
// real contact's open memberships; a written contact's are evaluated from its traits by the
// production evaluator). Copies get new ids (ids are primary keys), so the caller rewrites the
// plan with `remapIds`. Memberships are stored as already handed to the entry outbox: a copy
// must never start a segment-triggered journey.
import { and, eq, isNull } from "drizzle-orm";
import { evaluateSegment, orderByDependencies, segmentDataNeeds } from "@mailstream/journey/segment-evaluate";
import type { SegmentDefinition } from "@mailstream/journey/segment-definition";
import type { Tx } from "../client";
import {
  computedTraits,
  contactComputedTraits,
  contactSubscriptions,
  segmentMemberships,
  segments,
  subscriptionTopics,
} from "../schema";
import { loadSegmentContacts } from "./segment-data";

export interface ScratchAudienceInput {
  from: string;
  to: string;
  /** The scratch contact (already inserted in `to`). */
  contactId: string;
  /** The real contact it copies, or null for a contact written for the test. */
  sourceContactId: string | null;
  now: Date;
}

/**
 * Copies topics, computed traits and segments from `from` to `to`, with the contact's own
 * state. Returns source id → copy id for every topic and segment (what plans refer to).
 */
export async function copyScratchAudience(tx: Tx, input: ScratchAudienceInput): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const topicIds = await copyTopics(tx, input);
  const traitIds = await copyComputedTraits(tx, input);
  const segmentIds = await copySegments(tx, input);
  for (const [source, copy] of [...topicIds, ...segmentIds]) ids.set(source, copy);

  if (input.sourceContactId) {
    await copyContactState(
      tx,
      { ...input, sourceContactId: input.sourceContactId },
      { topicIds, traitIds, segmentIds },
    );
  } else {
    await evaluateWrittenContact(tx, input);
  }
  return ids;
}

/** Replaces every string equal to a key of `ids` (ids are UUIDs, so no other value matches). */
export function remapIds<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (typeof value === "string") return (ids.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => remapIds(item, ids)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, remapIds(item, ids)])) as T;
  }
  return value;
}

async function copyTopics(tx: Tx, input: ScratchAudienceInput): Promise<Map<string, string>> {
  const rows = await tx.select().from(subscriptionTopics).where(eq(subscriptionTopics.workspaceId, input.from));
  const ids = new Map<string, string>();
  for (const { id, workspaceId: _workspace, createdAt: _created, ...row } of rows) {
    const copyId = crypto.randomUUID();
    ids.set(id, copyId);
    await tx.insert(subscriptionTopics).values({ ...row, id: copyId, workspaceId: input.to });
  }
  return ids;
}

async function copyComputedTraits(tx: Tx, input: ScratchAudienceInput): Promise<Map<string, string>> {
  const rows = await tx.select().from(computedTraits).where(eq(computedTraits.workspaceId, input.from));
  const ids = new Map<string, string>();
  for (const { id, workspaceId: _workspace, createdAt: _created, updatedAt: _updated, ...row } of rows) {
    const copyId = crypto.randomUUID();
    ids.set(id, copyId);
    await tx.insert(computedTraits).values({ ...row, id: copyId, workspaceId: input.to });
  }
  return ids;
}

/** Segments refer to each other by id: every copy gets its id first, then definitions are rewritten. */
async function copySegments(tx: Tx, input: ScratchAudienceInput): Promise<Map<string, string>> {
  const rows = await tx.select().from(segments).where(eq(segments.workspaceId, input.from));
  const ids = new Map(rows.map((row) => [row.id, crypto.randomUUID()]));
  for (const row of rows) {
    await tx.insert(segments).values({
      id: ids.get(row.id) as string,
      workspaceId: input.to,
      name: row.name,
      definition: remapIds(row.definition, ids),
    });
  }
  return ids;
}

async function copyContactState(
  tx: Tx,
  input: ScratchAudienceInput & { sourceContactId: string },
  maps: { topicIds: Map<string, string>; traitIds: Map<string, string>; segmentIds: Map<string, string> },
): Promise<void> {
  const choices = await tx
    .select()
    .from(contactSubscriptions)
    .where(
      and(eq(contactSubscriptions.workspaceId, input.from), eq(contactSubscriptions.contactId, input.sourceContactId)),
    );
  const subscriptionRows = choices.flatMap((choice) => {
    const topicId = maps.topicIds.get(choice.topicId);
    return topicId
      ? [
          {
            workspaceId: input.to,
            contactId: input.contactId,
            topicId,
            isSubscribed: choice.isSubscribed,
            source: choice.source,
          },
        ]
      : [];
  });
  if (subscriptionRows.length > 0) await tx.insert(contactSubscriptions).values(subscriptionRows);

  const values = await tx
    .select()
    .from(contactComputedTraits)
    .where(
      and(
        eq(contactComputedTraits.workspaceId, input.from),
        eq(contactComputedTraits.contactId, input.sourceContactId),
      ),
    );
  const valueRows = values.flatMap((value) => {
    const traitId = maps.traitIds.get(value.traitId);
    return traitId
      ? [{ workspaceId: input.to, contactId: input.contactId, traitId, key: value.key, value: value.value }]
      : [];
  });
  if (valueRows.length > 0) await tx.insert(contactComputedTraits).values(valueRows);

  const memberships = await tx
    .select({ segmentId: segmentMemberships.segmentId, enteredAt: segmentMemberships.enteredAt })
    .from(segmentMemberships)
    .where(
      and(
        eq(segmentMemberships.workspaceId, input.from),
        eq(segmentMemberships.contactId, input.sourceContactId),
        isNull(segmentMemberships.leftAt),
      ),
    );
  await insertMemberships(
    tx,
    input,
    memberships.flatMap((m) => {
      const segmentId = maps.segmentIds.get(m.segmentId);
      return segmentId ? [{ segmentId, enteredAt: m.enteredAt }] : [];
    }),
  );
}

/** A written contact has no history: its memberships are what its traits make them, by the production evaluator. */
async function evaluateWrittenContact(tx: Tx, input: ScratchAudienceInput): Promise<void> {
  const copied = await tx
    .select({ id: segments.id, definition: segments.definition })
    .from(segments)
    .where(eq(segments.workspaceId, input.to));
  if (copied.length === 0) return;
  const ordered = orderByDependencies<{ id: string; definition: SegmentDefinition }>(copied);
  const loaded = await loadSegmentContacts(tx, {
    workspaceId: input.to,
    contactIds: [input.contactId],
    needs: segmentDataNeeds(ordered.map((segment) => segment.definition)),
    now: input.now,
  });
  const contact = loaded.get(input.contactId);
  if (!contact) return;
  const entered: { segmentId: string; enteredAt: Date }[] = [];
  for (const segment of ordered) {
    // Later segments that refer to this one see its outcome, as in evaluateContactsForSegments.
    if (!evaluateSegment(segment.definition, contact, input.now)) continue;
    contact.memberOf.add(segment.id);
    entered.push({ segmentId: segment.id, enteredAt: input.now });
  }
  await insertMemberships(tx, input, entered);
}

async function insertMemberships(
  tx: Tx,
  input: ScratchAudienceInput,
  rows: readonly { segmentId: string; enteredAt: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(segmentMemberships).values(
    rows.map((row) => ({
      workspaceId: input.to,
      segmentId: row.segmentId,
      contactId: input.contactId,
      enteredAt: row.enteredAt,
      runsStartedAt: input.now,
    })),
  );
}
