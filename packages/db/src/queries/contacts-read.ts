// Contact-scoped reads for the Contacts page and the public read API: the list with search,
// a profile with subscription state, and keyset-paginated events, messages and runs.
// Reads only the contact columns it needs, so ingest may add columns (anonymous_id) freely.
import { and, count, desc, eq, ilike, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import {
  contactComputedTraits,
  contacts,
  events,
  journeyRuns,
  journeys,
  journeyVersions,
  messages,
  suppressions,
} from "../schema/index";
import { afterCursor, cursorTime, decodeCursor, InvalidCursorError, toPage } from "./contact-cursor";
import { findEventsOfMessages, type MessageEventItem } from "./message-events";

export { InvalidCursorError } from "./contact-cursor";

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface PageOptions {
  limit: number;
  cursor?: string | null;
}

const contactColumns = {
  id: contacts.id,
  userId: contacts.userId,
  anonymousId: contacts.anonymousId,
  email: contacts.email,
  traits: contacts.traits,
  timezone: contacts.timezone,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
};

export interface ContactSummary {
  id: string;
  userId: string | null;
  anonymousId: string | null;
  email: string | null;
  traits: Record<string, unknown>;
  timezone: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type SubscriptionState = "subscribed" | (typeof suppressions.$inferSelect)["reason"];

export interface ContactProfile extends ContactSummary {
  subscription: SubscriptionState;
  activeRuns: number;
  /** Current computed trait values by key (see computed-traits.ts), e.g. `{ lifetime_value: 120.5 }`. */
  computedTraits: Record<string, unknown>;
}

/** `%`, `_` and `\` in a search are literal characters, not patterns. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Newest contacts first, optionally filtered by a substring of userId, email or the `name`
 * trait. Each ILIKE is served by a pg_trgm GIN index (contacts_*_trgm_idx: a BitmapOr of
 * three index scans for searches of 3+ characters, see contacts-search.test.ts for the
 * EXPLAIN), so a search does not scan every contact of a large workspace.
 */
export async function findContactsPage(
  db: Db | Tx,
  workspaceId: string,
  options: PageOptions & { search?: string | null },
): Promise<Page<ContactSummary>> {
  const cursor = decodeCursor(options.cursor);
  const search = options.search?.trim();
  const rows = await db
    .select({ ...contactColumns, cursorAt: cursorTime(contacts.createdAt) })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        search
          ? or(
              ilike(contacts.userId, likePattern(search)),
              ilike(contacts.email, likePattern(search)),
              ilike(sql`(${contacts.traits} ->> 'name')`, likePattern(search)),
            )
          : undefined,
        afterCursor(contacts.createdAt, contacts.id, cursor),
      ),
    )
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.id);
}

async function withProfile(
  db: Db | Tx,
  workspaceId: string,
  contact: ContactSummary | undefined,
): Promise<ContactProfile | null> {
  if (!contact) return null;
  const [suppression] = contact.email
    ? await db
        .select({ reason: suppressions.reason })
        .from(suppressions)
        .where(and(eq(suppressions.workspaceId, workspaceId), eq(suppressions.email, contact.email.toLowerCase())))
    : [];
  const [active] = await db
    .select({ n: count() })
    .from(journeyRuns)
    .where(and(eq(journeyRuns.contactId, contact.id), eq(journeyRuns.status, "active")));
  const computed = await db
    .select({ key: contactComputedTraits.key, value: contactComputedTraits.value })
    .from(contactComputedTraits)
    .where(eq(contactComputedTraits.contactId, contact.id))
    .orderBy(contactComputedTraits.key);
  return {
    ...contact,
    subscription: suppression?.reason ?? "subscribed",
    activeRuns: active?.n ?? 0,
    computedTraits: Object.fromEntries(computed.map((row) => [row.key, row.value])),
  };
}

export async function findContactProfileByUserId(
  db: Db | Tx,
  workspaceId: string,
  userId: string,
): Promise<ContactProfile | null> {
  const [row] = await db
    .select(contactColumns)
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.userId, userId)))
    .limit(1);
  return withProfile(db, workspaceId, row);
}

export async function findContactProfileById(
  db: Db | Tx,
  workspaceId: string,
  contactId: string,
): Promise<ContactProfile | null> {
  const [row] = await db
    .select(contactColumns)
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
    .limit(1);
  return withProfile(db, workspaceId, row);
}

/** The ids of the contact an event lands on: by userId, else the anonymous contact (or the known one that absorbed it). */
export async function findContactKeys(
  db: Db | Tx,
  workspaceId: string,
  ids: { userId: string | null; anonymousId: string | null },
): Promise<{ id: string; userId: string | null; anonymousId: string | null } | null> {
  const keys = { id: contacts.id, userId: contacts.userId, anonymousId: contacts.anonymousId };
  if (ids.userId) {
    const [row] = await db
      .select(keys)
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.userId, ids.userId)));
    return row ?? null;
  }
  if (!ids.anonymousId) return null;
  const [row] = await db
    .select(keys)
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.anonymousId, ids.anonymousId)));
  return row ?? null;
}

export interface ContactEvent {
  id: string;
  seq: number;
  messageId: string;
  type: (typeof events.$inferSelect)["type"];
  event: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  timestamp: Date;
  receivedAt: Date;
}

/** A contact's events by userId, newest first (uses events_workspace_user_idx). */
export async function findContactEventsPage(
  db: Db | Tx,
  workspaceId: string,
  userId: string,
  options: PageOptions,
): Promise<Page<ContactEvent>> {
  const cursor = decodeCursor(options.cursor);
  const cursorSeq = cursor ? Number(cursor.id) : undefined;
  if (cursorSeq !== undefined && !Number.isSafeInteger(cursorSeq)) throw new InvalidCursorError();
  const rows = await db
    .select({
      id: events.id,
      seq: events.seq,
      messageId: events.messageId,
      type: events.type,
      event: events.event,
      properties: events.properties,
      traits: events.traits,
      timestamp: events.timestamp,
      receivedAt: events.receivedAt,
      cursorAt: cursorTime(events.timestamp),
    })
    .from(events)
    .where(
      and(
        eq(events.workspaceId, workspaceId),
        eq(events.userId, userId),
        afterCursor(events.timestamp, events.seq, cursor, cursorSeq),
      ),
    )
    .orderBy(desc(events.timestamp), desc(events.seq))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => String(row.seq));
}

export interface ContactMessageItem {
  id: string;
  journeyId: string | null;
  nodeId: string | null;
  subject: string;
  to: string;
  status: (typeof messages.$inferSelect)["status"];
  createdAt: Date;
  sentAt: Date | null;
  headers: Record<string, string>;
  /** What happened to it after the send, oldest first (delivered, opened, clicked, bounced…). */
  events: MessageEventItem[];
}

/** A contact's messages, newest first; the item shape `/messages` has always returned, plus its events. */
export async function findContactMessagesPage(
  db: Db | Tx,
  workspaceId: string,
  contactId: string,
  options: PageOptions,
): Promise<Page<ContactMessageItem>> {
  const cursor = decodeCursor(options.cursor);
  const rows = await db
    .select({
      id: messages.id,
      journeyId: messages.journeyId,
      nodeId: messages.nodeId,
      subject: messages.subject,
      to: messages.toAddress,
      status: messages.status,
      createdAt: messages.createdAt,
      sentAt: messages.sentAt,
      headers: messages.headers,
      cursorAt: cursorTime(messages.createdAt),
    })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.contactId, contactId),
        afterCursor(messages.createdAt, messages.id, cursor),
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(options.limit + 1);
  const page = toPage(rows, options.limit, (row) => row.id);
  const events = await findEventsOfMessages(
    db,
    workspaceId,
    page.data.map((message) => message.id),
  );
  return { ...page, data: page.data.map((message) => ({ ...message, events: events.get(message.id) ?? [] })) };
}

export interface ContactRun {
  id: string;
  journeyId: string;
  journeyName: string;
  versionId: string;
  version: number;
  status: (typeof journeyRuns.$inferSelect)["status"];
  currentNodeId: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

/** A contact's journey runs, newest first. */
export async function findContactRunsPage(
  db: Db | Tx,
  workspaceId: string,
  contactId: string,
  options: PageOptions,
): Promise<Page<ContactRun>> {
  const cursor = decodeCursor(options.cursor);
  const rows = await db
    .select({
      id: journeyRuns.id,
      journeyId: journeyRuns.journeyId,
      journeyName: journeys.name,
      versionId: journeyRuns.versionId,
      version: journeyVersions.version,
      status: journeyRuns.status,
      currentNodeId: journeyRuns.currentNodeId,
      startedAt: journeyRuns.startedAt,
      endedAt: journeyRuns.endedAt,
      cursorAt: cursorTime(journeyRuns.startedAt),
    })
    .from(journeyRuns)
    .innerJoin(journeys, eq(journeys.id, journeyRuns.journeyId))
    .innerJoin(journeyVersions, eq(journeyVersions.id, journeyRuns.versionId))
    .where(
      and(
        eq(journeyRuns.workspaceId, workspaceId),
        eq(journeyRuns.contactId, contactId),
        afterCursor(journeyRuns.startedAt, journeyRuns.id, cursor),
      ),
    )
    .orderBy(desc(journeyRuns.startedAt), desc(journeyRuns.id))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.id);
}
