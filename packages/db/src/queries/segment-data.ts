// Loads what segment evaluation reads for a set of contacts, in a few set-based queries
// (contacts, one events query per needed event name, engagement, computed traits, open
// memberships), shaped
// for the pure evaluator in @mailstream/journey/segment-evaluate.
import type { SegmentContactData, SegmentContactEvent, SegmentDataNeeds } from "@mailstream/journey/segment-evaluate";
import { and, eq, gte, inArray, or, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { contactComputedTraits, contacts, events, messageEvents, messages } from "../schema/index";
import { findOpenMemberships } from "./segment-memberships";

/** Cap per event name and page of contacts: "at least N" never needs more than a few thousand rows. */
export const SEGMENT_EVENTS_LIMIT = 20_000;

export interface LoadedSegmentContact extends SegmentContactData {
  id: string;
  userId: string | null;
  events: SegmentContactEvent[];
  engagements: { type: "opened" | "clicked"; occurredAt: Date }[];
  computedTraits: Record<string, unknown>;
  memberOf: Set<string>;
}

export async function loadSegmentContacts(
  db: Db | Tx,
  input: { workspaceId: string; contactIds: readonly string[]; needs: SegmentDataNeeds; now: Date },
): Promise<Map<string, LoadedSegmentContact>> {
  const loaded = new Map<string, LoadedSegmentContact>();
  if (input.contactIds.length === 0) return loaded;
  const rows = await db
    .select({
      id: contacts.id,
      userId: contacts.userId,
      anonymousId: contacts.anonymousId,
      email: contacts.email,
      traits: contacts.traits,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, input.workspaceId), inArray(contacts.id, [...input.contactIds])));
  const byUserId = new Map<string, LoadedSegmentContact>();
  const byAnonymousId = new Map<string, LoadedSegmentContact>();
  for (const row of rows) {
    const contact: LoadedSegmentContact = {
      id: row.id,
      userId: row.userId,
      traits: row.traits,
      email: row.email,
      events: [],
      engagements: [],
      computedTraits: {},
      memberOf: new Set(),
    };
    loaded.set(row.id, contact);
    if (row.userId !== null) byUserId.set(row.userId, contact);
    if (row.anonymousId !== null) byAnonymousId.set(row.anonymousId, contact);
  }
  if (loaded.size === 0) return loaded;

  const identities: SQL[] = [];
  if (byUserId.size > 0) identities.push(inArray(events.userId, [...byUserId.keys()]));
  if (byAnonymousId.size > 0) identities.push(inArray(events.anonymousId, [...byAnonymousId.keys()]));
  for (const [name, windowMs] of input.needs.events) {
    if (identities.length === 0) break;
    const found = await db
      .select({
        userId: events.userId,
        anonymousId: events.anonymousId,
        properties: events.properties,
        timestamp: events.timestamp,
      })
      .from(events)
      .where(
        and(
          eq(events.workspaceId, input.workspaceId),
          eq(events.type, "track"),
          eq(events.event, name),
          windowMs === null ? undefined : gte(events.timestamp, new Date(input.now.getTime() - windowMs)),
          or(...identities),
        ),
      )
      .limit(SEGMENT_EVENTS_LIMIT);
    for (const event of found) {
      // A known contact's events match on userId; anonymous ones on anonymousId.
      const contact =
        (event.userId !== null ? byUserId.get(event.userId) : undefined) ??
        (event.anonymousId !== null ? byAnonymousId.get(event.anonymousId) : undefined);
      contact?.events.push({ event: name, properties: event.properties, timestamp: event.timestamp });
    }
  }

  if (input.needs.engagementMs !== null) {
    const found = await db
      .select({ contactId: messages.contactId, type: messageEvents.type, occurredAt: messageEvents.occurredAt })
      .from(messageEvents)
      .innerJoin(messages, eq(messages.id, messageEvents.messageId))
      .where(
        and(
          inArray(messages.contactId, [...loaded.keys()]),
          inArray(messageEvents.type, ["opened", "clicked"]),
          gte(messageEvents.occurredAt, new Date(input.now.getTime() - input.needs.engagementMs)),
        ),
      );
    for (const row of found) {
      const contact = row.contactId ? loaded.get(row.contactId) : undefined;
      if (contact && (row.type === "opened" || row.type === "clicked")) {
        contact.engagements.push({ type: row.type, occurredAt: row.occurredAt });
      }
    }
  }

  if (input.needs.computedTraits) {
    const values = await db
      .select({
        contactId: contactComputedTraits.contactId,
        key: contactComputedTraits.key,
        value: contactComputedTraits.value,
      })
      .from(contactComputedTraits)
      .where(inArray(contactComputedTraits.contactId, [...loaded.keys()]));
    for (const row of values) {
      const contact = loaded.get(row.contactId);
      if (contact) contact.computedTraits[row.key] = row.value;
    }
  }

  for (const membership of await findOpenMemberships(db, [...loaded.keys()])) {
    loaded.get(membership.contactId)?.memberOf.add(membership.segmentId);
  }
  return loaded;
}
