// Erasure tombstones (see schema/erasure-tombstones.ts): written by the erasure transaction,
// checked by the dispatcher after it applied an event, so an event claimed before the
// erasure committed cannot resurrect the erased contact.
import { createHash } from "node:crypto";
import { and, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { contactAnonymousIds, contactMerges, contacts, erasureTombstones, events } from "../schema/index";
import { forgetEventMessageIds } from "./events";

export interface ContactIdentities {
  userIds: string[];
  anonymousIds: string[];
}

export function hashIdentity(workspaceId: string, kind: "u" | "a", id: string): string {
  return createHash("sha256").update(`${workspaceId}:${kind}:${id}`).digest("hex");
}

export function identityHashes(workspaceId: string, identities: ContactIdentities): string[] {
  return [
    ...identities.userIds.map((id) => hashIdentity(workspaceId, "u", id)),
    ...identities.anonymousIds.map((id) => hashIdentity(workspaceId, "a", id)),
  ];
}

/** The ids a contact is known by: its userId, its anonymousId, and every anonymous id merged into or owned by it. */
export async function findContactIdentities(
  tx: Db | Tx,
  workspaceId: string,
  contact: { id: string; userId: string | null; anonymousId: string | null },
): Promise<ContactIdentities> {
  const merged = await tx
    .select({ anonymousId: contactMerges.anonymousId })
    .from(contactMerges)
    .where(and(eq(contactMerges.workspaceId, workspaceId), eq(contactMerges.intoContactId, contact.id)));
  // Devices it owns without a merge row (linked while no anonymous contact existed yet).
  const owned = await tx
    .select({ anonymousId: contactAnonymousIds.anonymousId })
    .from(contactAnonymousIds)
    .where(eq(contactAnonymousIds.contactId, contact.id));
  const anonymousIds = new Set([...merged, ...owned].map((row) => row.anonymousId));
  if (contact.anonymousId) anonymousIds.add(contact.anonymousId);
  return { userIds: contact.userId ? [contact.userId] : [], anonymousIds: [...anonymousIds] };
}

/** Every event up to the current highest seq of these identities is erased data. */
export async function writeErasureTombstones(
  tx: Db | Tx,
  workspaceId: string,
  identities: ContactIdentities,
): Promise<number> {
  const [top] = (await tx.execute<{ max_seq: string | null }>(sql`select max(seq) as max_seq from ${events}`)).rows;
  const through = Number(top?.max_seq ?? 0);
  const hashes = identityHashes(workspaceId, identities);
  if (hashes.length === 0) return through;
  await tx
    .insert(erasureTombstones)
    .values(hashes.map((identityHash) => ({ workspaceId, identityHash, erasedThroughSeq: through })))
    .onConflictDoUpdate({
      target: [erasureTombstones.workspaceId, erasureTombstones.identityHash],
      set: {
        erasedThroughSeq: sql`greatest(${erasureTombstones.erasedThroughSeq}, excluded.erased_through_seq)`,
        erasedAt: sql`now()`,
      },
    });
  return through;
}

/** Deletes what is left of these identities' events (waits for rows locked by a dispatcher round). */
export async function deleteIdentityEvents(
  db: Db | Tx,
  workspaceId: string,
  identities: ContactIdentities,
  throughSeq: number,
): Promise<number> {
  const byUser = identities.userIds.length ? inArray(events.userId, identities.userIds) : undefined;
  const byAnonymous = identities.anonymousIds.length ? inArray(events.anonymousId, identities.anonymousIds) : undefined;
  if (!byUser && !byAnonymous) return 0;
  const deleted = await db
    .delete(events)
    .where(and(eq(events.workspaceId, workspaceId), or(byUser, byAnonymous), lte(events.seq, throughSeq)))
    .returning({ seq: events.seq, messageId: events.messageId });
  await forgetEventMessageIds(
    db,
    workspaceId,
    deleted.map((e) => e.messageId),
  );
  return deleted.length;
}

/**
 * Called by the dispatcher after applying `event`: if the event belongs to a contact erased
 * after it was accepted, removes the contact row the event just (re)created and returns
 * true — the caller then does nothing more with the event.
 */
export async function undoErasedEvent(
  db: Db,
  event: { seq: number; workspaceId: string; userId: string | null; anonymousId: string | null },
): Promise<boolean> {
  const identities: ContactIdentities = {
    userIds: event.userId ? [event.userId] : [],
    anonymousIds: event.anonymousId ? [event.anonymousId] : [],
  };
  const hashes = identityHashes(event.workspaceId, identities);
  if (hashes.length === 0) return false;
  const [tombstone] = await db
    .select({ erasedAt: erasureTombstones.erasedAt })
    .from(erasureTombstones)
    .where(
      and(
        eq(erasureTombstones.workspaceId, event.workspaceId),
        inArray(erasureTombstones.identityHash, hashes),
        gte(erasureTombstones.erasedThroughSeq, event.seq),
      ),
    )
    .limit(1);
  if (!tombstone) return false;
  const byUser = event.userId ? eq(contacts.userId, event.userId) : undefined;
  const byAnonymous = event.anonymousId
    ? and(isNull(contacts.userId), eq(contacts.anonymousId, event.anonymousId))
    : undefined;
  // Only a contact created after the erasure is the event's resurrection; cascades take its rows.
  await db
    .delete(contacts)
    .where(
      and(
        eq(contacts.workspaceId, event.workspaceId),
        or(byUser, byAnonymous),
        gte(contacts.createdAt, tombstone.erasedAt),
      ),
    );
  return true;
}
