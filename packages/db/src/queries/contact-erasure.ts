// GDPR/CCPA for one contact: everything held about them as one document (export), and
// erasure — events, messages (+ message events), runs (+ steps), trait audits, merge log
// entries and the contact — in one transaction, logged in `erasures` without personal data.
import { createHash } from "node:crypto";
import { and, asc, count, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import {
  apiKeys,
  contactAnonymousIds,
  contactMerges,
  contacts,
  contactTraitAudits,
  erasures,
  events,
  journeyRuns,
  messageEvents,
  messages,
  runSteps,
  segmentMemberships,
  segments,
} from "../schema/index";
import { hashApiKey } from "./api-keys";
import { forgetEventMessageIds } from "./events";
import { removeCatalogueContributors } from "./catalogue";
import {
  deleteIdentityEvents,
  findContactIdentities,
  identityHashes,
  writeErasureTombstones,
  type ContactIdentities,
} from "./erasure-tombstones";
import { findContactProfileById, type ContactProfile } from "./contacts-read";
import { listContactSubscriptions, type TopicSubscription } from "./subscription-topics";

type ContactKeys = { id: string; userId: string | null; anonymousId: string | null };

/**
 * Events belong to a contact by userId, by its own anonymousId, and by the anonymous ids it
 * was seen with (identify events carrying both, merges into it): pre-login browsing is
 * personal data too.
 */
function contactEventsFilter(workspaceId: string, contact: ContactKeys) {
  const anonymousIds = [
    contact.anonymousId ? sql`select ${contact.anonymousId}::text` : null,
    contact.userId
      ? sql`select ${events.anonymousId} from ${events} where ${events.workspaceId} = ${workspaceId} and ${events.userId} = ${contact.userId} and ${events.anonymousId} is not null`
      : null,
    sql`select ${contactMerges.anonymousId} from ${contactMerges} where ${contactMerges.workspaceId} = ${workspaceId} and ${contactMerges.intoContactId} = ${contact.id}`,
    sql`select ${contactAnonymousIds.anonymousId} from ${contactAnonymousIds} where ${contactAnonymousIds.contactId} = ${contact.id}`,
  ].filter((part) => part !== null);
  return and(
    eq(events.workspaceId, workspaceId),
    or(
      contact.userId ? eq(events.userId, contact.userId) : undefined,
      and(isNotNull(events.anonymousId), sql`${events.anonymousId} in (${sql.join(anonymousIds, sql` union `)})`),
    ),
  );
}

function contactMergesFilter(workspaceId: string, contactId: string) {
  return and(
    eq(contactMerges.workspaceId, workspaceId),
    or(eq(contactMerges.intoContactId, contactId), eq(contactMerges.fromContactId, contactId)),
  );
}

export interface ContactExport {
  exportedAt: string;
  profile: ContactProfile;
  events: (typeof events.$inferSelect)[];
  messages: (typeof messages.$inferSelect & { events: (typeof messageEvents.$inferSelect)[] })[];
  runs: (typeof journeyRuns.$inferSelect & { steps: (typeof runSteps.$inferSelect)[] })[];
  traitAudits: (typeof contactTraitAudits.$inferSelect)[];
  /** Anonymous profiles merged into this contact (alias / identify). */
  merges: (typeof contactMerges.$inferSelect)[];
  /** Every anonymousId (device) the contact owns, with when it was linked. */
  anonymousIds: { anonymousId: string; linkedAt: Date }[];
  /** Every stay in a segment, current ones with `leftAt: null`, oldest first. */
  segmentMemberships: { segmentId: string; segmentName: string; enteredAt: Date; leftAt: Date | null }[];
  /** The contact's state per subscription topic (its own choice, or the topic's default). */
  topics: TopicSubscription[];
}

/** Everything held about a contact (subject access request), or null when unknown. */
export async function findContactExport(
  db: Db | Tx,
  workspaceId: string,
  contactId: string,
): Promise<ContactExport | null> {
  const profile = await findContactProfileById(db, workspaceId, contactId);
  if (!profile) return null;
  const contactEvents = await db
    .select()
    .from(events)
    .where(contactEventsFilter(workspaceId, profile))
    .orderBy(asc(events.seq));
  const messageRows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.contactId, contactId)))
    .orderBy(asc(messages.createdAt));
  const messageEventRows = messageRows.length
    ? await db
        .select()
        .from(messageEvents)
        .where(
          inArray(
            messageEvents.messageId,
            messageRows.map((m) => m.id),
          ),
        )
        .orderBy(asc(messageEvents.id))
    : [];
  const runRows = await db
    .select()
    .from(journeyRuns)
    .where(and(eq(journeyRuns.workspaceId, workspaceId), eq(journeyRuns.contactId, contactId)))
    .orderBy(asc(journeyRuns.startedAt));
  const stepRows = runRows.length
    ? await db
        .select()
        .from(runSteps)
        .where(
          inArray(
            runSteps.runId,
            runRows.map((r) => r.id),
          ),
        )
        .orderBy(asc(runSteps.runId), asc(runSteps.seq))
    : [];
  const traitAudits = await db
    .select()
    .from(contactTraitAudits)
    .where(eq(contactTraitAudits.contactId, contactId))
    .orderBy(asc(contactTraitAudits.at));
  return {
    exportedAt: new Date().toISOString(),
    profile,
    events: contactEvents,
    messages: messageRows.map((m) => ({ ...m, events: messageEventRows.filter((e) => e.messageId === m.id) })),
    runs: runRows.map((r) => ({ ...r, steps: stepRows.filter((s) => s.runId === r.id) })),
    traitAudits,
    merges: await db
      .select()
      .from(contactMerges)
      .where(contactMergesFilter(workspaceId, contactId))
      .orderBy(asc(contactMerges.mergedAt)),
    anonymousIds: await db
      .select({ anonymousId: contactAnonymousIds.anonymousId, linkedAt: contactAnonymousIds.linkedAt })
      .from(contactAnonymousIds)
      .where(eq(contactAnonymousIds.contactId, contactId))
      .orderBy(asc(contactAnonymousIds.linkedAt)),
    segmentMemberships: await db
      .select({
        segmentId: segmentMemberships.segmentId,
        segmentName: segments.name,
        enteredAt: segmentMemberships.enteredAt,
        leftAt: segmentMemberships.leftAt,
      })
      .from(segmentMemberships)
      .innerJoin(segments, eq(segments.id, segmentMemberships.segmentId))
      .where(eq(segmentMemberships.contactId, contactId))
      .orderBy(asc(segmentMemberships.enteredAt)),
    topics: await listContactSubscriptions(db, workspaceId, contactId),
  };
}

/** Workflow ids of the contact's runs still marked active: the ones erasure must terminate. */
export async function findActiveRunWorkflowIds(db: Db | Tx, workspaceId: string, contactId: string): Promise<string[]> {
  const rows = await db
    .select({ workflowId: journeyRuns.workflowId })
    .from(journeyRuns)
    .where(
      and(
        eq(journeyRuns.workspaceId, workspaceId),
        eq(journeyRuns.contactId, contactId),
        eq(journeyRuns.status, "active"),
      ),
    );
  return rows.map((r) => r.workflowId);
}

/** The id of the api_keys row for a presented key, for the erasure log (never the key itself). */
export async function findApiKeyId(db: Db | Tx, key: string): Promise<string | null> {
  const [row] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hashApiKey(key)));
  return row?.id ?? null;
}

/** Not reversible to the contact without the ids; lets a later request be matched to the log. */
export function hashContactId(workspaceId: string, contactId: string): string {
  return createHash("sha256").update(`${workspaceId}:${contactId}`).digest("hex");
}

export interface ErasureCounts {
  events: number;
  messages: number;
  messageEvents: number;
  runs: number;
  runSteps: number;
  workflowsTerminated: number;
}

export type EraseResult = { deleted: false } | { deleted: true; erasureId: string; counts: ErasureCounts };

/**
 * Deletes the contact and all rows about them in one transaction and logs the erasure.
 * The contact row is locked first, so two concurrent erasures serialise and the second
 * finds nothing (`deleted: false`): erasure is idempotent.
 */
export async function eraseContact(
  db: Db,
  input: {
    workspaceId: string;
    contactId: string;
    workflowsTerminated: number;
    requestedByKeyId: string | null;
    source: "api" | "ui";
  },
  /** Runs in the erasure's transaction once the contact is gone (the audit row). */
  onErased?: (tx: Tx, erasureId: string) => Promise<void>,
): Promise<EraseResult> {
  const { workspaceId, contactId } = input;
  const claimed: { identities?: ContactIdentities; throughSeq?: number } = {};
  const result = await db.transaction(async (tx): Promise<EraseResult> => {
    const [contact] = await tx
      .select({ id: contacts.id, userId: contacts.userId, anonymousId: contacts.anonymousId })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
      .for("update");
    if (!contact) return { deleted: false } as const;

    // Tombstones first, in this transaction: an event the dispatcher has already claimed
    // (and may be applying right now) must not bring the contact back once we commit.
    const identities = await findContactIdentities(tx, workspaceId, contact);
    claimed.throughSeq = await writeErasureTombstones(tx, workspaceId, identities);
    // The catalogue forgets this person's share of seen values (a value needs 3 other senders to show).
    await removeCatalogueContributors(tx, workspaceId, identityHashes(workspaceId, identities));
    claimed.identities = identities;
    // SKIP LOCKED: events claimed by the dispatcher stay locked until its round commits;
    // waiting for them here while holding the contact's lock would deadlock with the
    // dispatcher's own contact upsert. They are deleted right after this transaction.
    const deletedEvents = await tx
      .delete(events)
      .where(
        inArray(
          events.seq,
          tx
            .select({ seq: events.seq })
            .from(events)
            .where(contactEventsFilter(workspaceId, contact))
            .for("update", { skipLocked: true }),
        ),
      )
      .returning({ seq: events.seq, messageId: events.messageId });
    // Their dedupe keys go too (and with them any schema-violation records, by cascade).
    await forgetEventMessageIds(
      tx,
      workspaceId,
      deletedEvents.map((e) => e.messageId),
    );

    const contactMessages = and(eq(messages.workspaceId, workspaceId), eq(messages.contactId, contactId));
    const [messageEventCount] = await tx
      .select({ n: count() })
      .from(messageEvents)
      .where(inArray(messageEvents.messageId, tx.select({ id: messages.id }).from(messages).where(contactMessages)));
    // Messages of the contact's runs whose contact_id was never set go too (set null would keep them).
    const deletedMessages = await tx
      .delete(messages)
      .where(
        or(
          contactMessages,
          inArray(
            messages.runId,
            tx.select({ id: journeyRuns.id }).from(journeyRuns).where(eq(journeyRuns.contactId, contactId)),
          ),
        ),
      )
      .returning({ id: messages.id });
    const [stepCount] = await tx
      .select({ n: count() })
      .from(runSteps)
      .where(
        inArray(
          runSteps.runId,
          tx.select({ id: journeyRuns.id }).from(journeyRuns).where(eq(journeyRuns.contactId, contactId)),
        ),
      );
    const deletedRuns = await tx
      .delete(journeyRuns)
      .where(eq(journeyRuns.contactId, contactId))
      .returning({ id: journeyRuns.id });
    // The merge log names the userId and anonymous ids: personal data, erased with the contact.
    await tx.delete(contactMerges).where(contactMergesFilter(workspaceId, contactId));
    await tx.delete(contacts).where(eq(contacts.id, contactId));

    const counts: ErasureCounts = {
      events: deletedEvents.length,
      messages: deletedMessages.length,
      messageEvents: messageEventCount?.n ?? 0,
      runs: deletedRuns.length,
      runSteps: stepCount?.n ?? 0,
      workflowsTerminated: input.workflowsTerminated,
    };
    const [logged] = await tx
      .insert(erasures)
      .values({
        workspaceId,
        contactHash: hashContactId(workspaceId, contactId),
        eventsDeleted: counts.events,
        messagesDeleted: counts.messages,
        messageEventsDeleted: counts.messageEvents,
        runsDeleted: counts.runs,
        runStepsDeleted: counts.runSteps,
        workflowsTerminated: counts.workflowsTerminated,
        requestedByKeyId: input.requestedByKeyId,
        source: input.source,
      })
      .returning({ id: erasures.id });
    if (!logged) throw new Error("logging the erasure returned no row");
    await onErased?.(tx, logged.id);
    return { deleted: true, erasureId: logged.id, counts };
  });
  // Events that were claimed during the erasure: this waits for the dispatcher's round to
  // end (it sees the tombstone and leaves no contact behind), then removes them.
  if (result.deleted && claimed.identities && claimed.throughSeq !== undefined) {
    result.counts.events += await deleteIdentityEvents(db, workspaceId, claimed.identities, claimed.throughSeq);
  }
  return result;
}

export async function findErasures(db: Db | Tx, workspaceId: string) {
  return db.select().from(erasures).where(eq(erasures.workspaceId, workspaceId)).orderBy(asc(erasures.requestedAt));
}
