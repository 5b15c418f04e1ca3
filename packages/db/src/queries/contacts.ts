// Contacts as the dispatcher maintains them from events, and the contact-scoped reads
// of the public API. Upserts key on (workspace_id, user_id) so replays are harmless.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { contacts, messages } from "../schema/index";

export type ContactRow = typeof contacts.$inferSelect;

/**
 * Applies an identify: traits merge shallowly over the stored ones (Segment semantics),
 * a given email or time zone replaces the stored one. Replaying the same identify is a no-op
 * in effect, which the dispatcher relies on after a crash.
 */
export async function upsertContactFromIdentify(
  db: Db | Tx,
  input: { workspaceId: string; userId: string; traits: Record<string, unknown>; email: string | null; timezone: string | null },
): Promise<{ id: string }> {
  const [row] = await db
    .insert(contacts)
    .values({ workspaceId: input.workspaceId, userId: input.userId, traits: input.traits, email: input.email, timezone: input.timezone })
    .onConflictDoUpdate({
      target: [contacts.workspaceId, contacts.userId],
      set: {
        traits: sql`${contacts.traits} || excluded.traits`,
        email: sql`coalesce(excluded.email, ${contacts.email})`,
        timezone: sql`coalesce(excluded.timezone, ${contacts.timezone})`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ id: contacts.id });
  if (!row) throw new Error(`Upserting contact ${input.userId} returned no row`);
  return row;
}

/**
 * Makes sure a contact exists for a track's userId. The event's email only fills a
 * contact that has none: a track must not overwrite what identify set.
 */
export async function ensureContact(
  db: Db | Tx,
  input: { workspaceId: string; userId: string; email: string | null; timezone: string | null },
): Promise<{ id: string }> {
  const [row] = await db
    .insert(contacts)
    .values({ workspaceId: input.workspaceId, userId: input.userId, email: input.email, timezone: input.timezone })
    .onConflictDoUpdate({
      target: [contacts.workspaceId, contacts.userId],
      set: {
        email: sql`coalesce(${contacts.email}, excluded.email)`,
        timezone: sql`coalesce(${contacts.timezone}, excluded.timezone)`,
      },
    })
    .returning({ id: contacts.id });
  if (!row) throw new Error(`Ensuring contact ${input.userId} returned no row`);
  return row;
}

export async function findContactByUserId(db: Db | Tx, workspaceId: string, userId: string): Promise<ContactRow | null> {
  const rows = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.userId, userId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Newest contacts first, for the Contacts page. */
export async function findContacts(db: Db | Tx, workspaceId: string, options: { limit: number }): Promise<ContactRow[]> {
  return db
    .select()
    .from(contacts)
    .where(eq(contacts.workspaceId, workspaceId))
    .orderBy(desc(contacts.createdAt))
    .limit(options.limit);
}

export interface ContactMessage {
  id: string;
  journeyId: string | null;
  nodeId: string | null;
  subject: string;
  to: string;
  status: (typeof messages.$inferSelect)["status"];
  createdAt: Date;
  sentAt: Date | null;
  headers: Record<string, string>;
}

/** A contact's messages, newest first: what `GET /api/v1/contacts/{userId}/messages` returns. */
export async function findContactMessages(
  db: Db | Tx,
  workspaceId: string,
  contactId: string,
  options: { limit: number },
): Promise<ContactMessage[]> {
  return db
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
    })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.contactId, contactId)))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(options.limit);
}
