// Reads behind branch conditions and date waits: a contact's fresh traits, its events of one
// name since an instant, its engagement with an email of a run, and when a run started.
import { and, desc, eq, gte, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { contacts, events, journeyRuns, messageEvents, messages } from "../schema/index";

export interface ConditionContact {
  id: string;
  workspaceId: string;
  userId: string | null;
  anonymousId: string | null;
  email: string | null;
  timezone: string | null;
  traits: Record<string, unknown>;
}

export async function findConditionContact(db: Db, contactId: string): Promise<ConditionContact | null> {
  const [row] = await db
    .select({
      id: contacts.id,
      workspaceId: contacts.workspaceId,
      userId: contacts.userId,
      anonymousId: contacts.anonymousId,
      email: contacts.email,
      timezone: contacts.timezone,
      traits: contacts.traits,
    })
    .from(contacts)
    .where(eq(contacts.id, contactId));
  return row ?? null;
}

export interface ContactEventRecord {
  id: string;
  event: string;
  properties: Record<string, unknown>;
  timestamp: Date;
}

/** Cap on events read per predicate: "at least N" never needs more than a few hundred. */
export const CONTACT_EVENTS_LIMIT = 1000;

/**
 * Track events named `event` performed by the contact (matched on its user id or anonymous
 * id) at or after `since`, newest first, at most `CONTACT_EVENTS_LIMIT`.
 */
export async function findContactEventsSince(
  db: Db,
  contact: ConditionContact,
  event: string,
  since: Date,
): Promise<ContactEventRecord[]> {
  const identities: SQL[] = [];
  if (contact.userId !== null) identities.push(eq(events.userId, contact.userId));
  if (contact.anonymousId !== null) identities.push(eq(events.anonymousId, contact.anonymousId));
  if (identities.length === 0) return [];
  const rows = await db
    .select({ id: events.id, event: events.event, properties: events.properties, timestamp: events.timestamp })
    .from(events)
    .where(
      and(
        eq(events.workspaceId, contact.workspaceId),
        eq(events.event, event),
        gte(events.timestamp, since),
        or(...identities),
      ),
    )
    .orderBy(desc(events.timestamp))
    .limit(CONTACT_EVENTS_LIMIT);
  return rows.map((row) => ({ ...row, event: row.event ?? event }));
}

/** True when an email sent by `nodeId` in `runId` has an `opened` (or `clicked`) message event. */
export async function hasRunEmailEngagement(
  db: Db,
  runId: string,
  nodeId: string,
  action: "opened" | "clicked",
): Promise<boolean> {
  // A click implies the email was opened, even when the tracking pixel was blocked.
  const types: ("opened" | "clicked")[] = action === "opened" ? ["opened", "clicked"] : ["clicked"];
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(messageEvents)
    .innerJoin(messages, eq(messages.id, messageEvents.messageId))
    .where(and(eq(messages.runId, runId), eq(messages.nodeId, nodeId), inArray(messageEvents.type, types)))
    .limit(1);
  return row !== undefined;
}

export async function findRunStartedAt(db: Db, runId: string): Promise<Date | null> {
  const [row] = await db
    .select({ startedAt: journeyRuns.startedAt })
    .from(journeyRuns)
    .where(eq(journeyRuns.id, runId));
  return row?.startedAt ?? null;
}

export interface WaitingRun {
  runId: string;
  workflowId: string;
  /** Where the run is now (null before its first step is recorded). */
  nodeId: string | null;
}
