// Contacts as the dispatcher maintains them from events, and the contact-scoped reads
// of the public API. Upserts key on (workspace_id, user_id) so replays are harmless.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { contactAnonymousIds, contactMerges, contactTraitAudits, contacts, events, messages } from "../schema/index";

export type ContactRow = typeof contacts.$inferSelect;

/**
 * The one contact upsert behind identify, track and anonymous events: keyed on
 * (workspace_id, user_id) or (workspace_id, anonymous_id), traits always merge shallowly over
 * the stored ones (Segment semantics); a given email and time zone either replace the stored
 * ones (`replace`) or only fill gaps (`fill`). `touch` moves `updated_at`.
 */
async function upsertContact(
  db: Db | Tx,
  values: {
    workspaceId: string;
    userId?: string;
    anonymousId?: string;
    traits: Record<string, unknown>;
    email: string | null;
    timezone: string | null;
  },
  rule: { key: "userId" | "anonymousId"; emailAndZone: "replace" | "fill"; touch: boolean },
): Promise<{ id: string } | undefined> {
  const keep = (column: typeof contacts.email | typeof contacts.timezone) =>
    rule.emailAndZone === "replace"
      ? sql`coalesce(excluded.${sql.identifier(column.name)}, ${column})`
      : sql`coalesce(${column}, excluded.${sql.identifier(column.name)})`;
  const [row] = await db
    .insert(contacts)
    .values(values)
    .onConflictDoUpdate({
      target: [contacts.workspaceId, rule.key === "userId" ? contacts.userId : contacts.anonymousId],
      set: {
        traits: sql`${contacts.traits} || excluded.traits`,
        email: keep(contacts.email),
        timezone: keep(contacts.timezone),
        ...(rule.touch ? { updatedAt: sql`now()` } : {}),
      },
    })
    .returning({ id: contacts.id });
  return row;
}

/**
 * Applies an identify: traits merge shallowly over the stored ones (Segment semantics),
 * a given email or time zone replaces the stored one. Replaying the same identify is a no-op
 * in effect, which the dispatcher relies on after a crash.
 */
export async function upsertContactFromIdentify(
  db: Db | Tx,
  input: {
    workspaceId: string;
    userId: string;
    traits: Record<string, unknown>;
    email: string | null;
    timezone: string | null;
  },
): Promise<{ id: string }> {
  const row = await upsertContact(
    db,
    {
      workspaceId: input.workspaceId,
      userId: input.userId,
      traits: input.traits,
      email: input.email,
      timezone: input.timezone,
    },
    { key: "userId", emailAndZone: "replace", touch: true },
  );
  if (!row) throw new Error(`Upserting contact ${input.userId} returned no row`);
  return row;
}

/**
 * Makes sure a contact exists for a track's userId. The event's email only fills a
 * contact that has none: a track must not overwrite what identify set. `traits` (a track's
 * `context.traits`, Segment's convention) merge over the stored ones like identify's.
 */
export async function ensureContact(
  db: Db | Tx,
  input: {
    workspaceId: string;
    userId: string;
    email: string | null;
    timezone: string | null;
    traits?: Record<string, unknown>;
  },
): Promise<{ id: string }> {
  const row = await upsertContact(
    db,
    {
      workspaceId: input.workspaceId,
      userId: input.userId,
      email: input.email,
      timezone: input.timezone,
      traits: input.traits ?? {},
    },
    { key: "userId", emailAndZone: "fill", touch: false },
  );
  if (!row) throw new Error(`Ensuring contact ${input.userId} returned no row`);
  return row;
}

/**
 * The contact an anonymous-only event belongs to: the anonymous contact for that id, or
 * the known contact that already absorbed it (merge keeps the anonymousId on it).
 * Traits merge like identify's; email and time zone only fill gaps.
 */
export async function ensureAnonymousContact(
  db: Db | Tx,
  input: {
    workspaceId: string;
    anonymousId: string;
    email: string | null;
    timezone: string | null;
    traits: Record<string, unknown>;
  },
): Promise<{ id: string }> {
  const row = await upsertContact(
    db,
    {
      workspaceId: input.workspaceId,
      anonymousId: input.anonymousId,
      email: input.email,
      timezone: input.timezone,
      traits: input.traits,
    },
    { key: "anonymousId", emailAndZone: "fill", touch: true },
  );
  if (!row) throw new Error(`Ensuring anonymous contact ${input.anonymousId} returned no row`);
  return row;
}

export interface MergeInput {
  workspaceId: string;
  anonymousId: string;
  userId: string;
  /** The alias/identify event that linked them; the merge is recorded once per event. */
  messageId: string;
}

/**
 * Folds the anonymous contact of `anonymousId` into the known contact of `userId`, in one
 * transaction: the known contact is created if needed; traits merge with the KNOWN
 * contact's values winning (email/time zone only fill gaps); the anonymous events get the
 * userId (history merged); messages and trait audits move over; the anonymous contact is
 * deleted and the merge recorded in contact_merges. The known contact owns the anonymousId
 * (contact_anonymous_ids; `anonymous_id` too if it has none yet), so later anonymous-only
 * events of any of its devices land on it (see findAnonymousOwners). Replaying the same
 * event finds no anonymous contact and changes nothing. Returns the known contact's id.
 */
export async function mergeAnonymousContact(db: Db, input: MergeInput): Promise<{ id: string; merged: boolean }> {
  return db.transaction(async (tx) => {
    const { workspaceId, anonymousId, userId } = input;
    const [anonymous] = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.anonymousId, anonymousId), isNull(contacts.userId)))
      .for("update");
    await tx
      .insert(contacts)
      .values({ workspaceId, userId })
      .onConflictDoNothing({ target: [contacts.workspaceId, contacts.userId] });
    const [known] = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.userId, userId)))
      .for("update");
    if (!known) throw new Error(`Contact ${userId} vanished during a merge`);
    // The known contact owns this anonymousId from now on, beside any it owned before (each
    // device it was seen on); the first owner keeps a shared id, so a replay changes nothing.
    await tx
      .insert(contactAnonymousIds)
      .values({ workspaceId, anonymousId, contactId: known.id })
      .onConflictDoNothing();
    // SKIP LOCKED: the dispatcher calling this holds its claimed batch's row locks on another
    // connection; waiting for them would deadlock it. Those few events stay anonymous-keyed and
    // still reach the known contact through its anonymous_id.
    await tx.execute(sql`update ${events} set user_id = ${userId}
      where seq in (select seq from ${events} where workspace_id = ${workspaceId} and anonymous_id = ${anonymousId}
                    and user_id is null for update skip locked)`);
    if (!anonymous) {
      // Nothing to fold in; still remember the link for later anonymous-only events.
      if (!known.anonymousId) {
        await tx.execute(sql`update ${contacts} set anonymous_id = ${anonymousId}
          where id = ${known.id} and not exists (select 1 from ${contacts} c where c.workspace_id = ${workspaceId} and c.anonymous_id = ${anonymousId})`);
      }
      return { id: known.id, merged: false };
    }
    await tx.update(messages).set({ contactId: known.id }).where(eq(messages.contactId, anonymous.id));
    await tx
      .update(contactTraitAudits)
      .set({ contactId: known.id })
      .where(eq(contactTraitAudits.contactId, anonymous.id));
    await tx.delete(contacts).where(eq(contacts.id, anonymous.id));
    const adopted = Object.fromEntries(Object.entries(anonymous.traits).filter(([key]) => !(key in known.traits)));
    await tx
      .update(contacts)
      .set({
        traits: { ...anonymous.traits, ...known.traits },
        email: known.email ?? anonymous.email,
        timezone: known.timezone ?? anonymous.timezone,
        anonymousId: known.anonymousId ?? anonymousId,
        updatedAt: sql`now()`,
      })
      .where(eq(contacts.id, known.id));
    await tx
      .insert(contactMerges)
      .values({
        workspaceId,
        fromContactId: anonymous.id,
        intoContactId: known.id,
        anonymousId,
        userId,
        messageId: input.messageId,
        traitsAdopted: adopted,
      })
      .onConflictDoNothing();
    return { id: known.id, merged: true };
  });
}

/**
 * The userIds of known contacts owning these anonymousIds (a merged device), keyed
 * `workspaceId:anonymousId`. The dispatcher reads it for a claimed batch and treats such an
 * anonymous-only event as the known contact's.
 */
export async function findAnonymousOwners(
  db: Db | Tx,
  ids: readonly { workspaceId: string; anonymousId: string }[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const result = await db.execute<{ key: string; user_id: string }>(sql`
    select l.workspace_id::text || ':' || l.anonymous_id as key, c.user_id
    from jsonb_to_recordset(${JSON.stringify(ids.map((i) => ({ workspace_id: i.workspaceId, anonymous_id: i.anonymousId })))}::jsonb)
      as x(workspace_id uuid, anonymous_id text)
    join ${contactAnonymousIds} l on l.workspace_id = x.workspace_id and l.anonymous_id = x.anonymous_id
    join ${contacts} c on c.id = l.contact_id and c.user_id is not null`);
  return new Map(result.rows.map((row) => [row.key, row.user_id]));
}

export async function findContactByUserId(
  db: Db | Tx,
  workspaceId: string,
  userId: string,
): Promise<ContactRow | null> {
  const rows = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.userId, userId)))
    .limit(1);
  return rows[0] ?? null;
}
