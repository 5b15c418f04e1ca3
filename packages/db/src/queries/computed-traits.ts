// Computed trait definitions and values. Three ways a value changes, all exactly-once:
// - per event (`applyEventToComputedTraits`, called by the dispatcher): folds the event into
//   the stored value unless `last_seq` shows it was already counted (a replay after a crash);
// - per contact (`recomputeContactComputedTraits`): from the contact's history, after an
//   identity merge brought in anonymous events, and for windowed traits on each event;
// - per definition (`saveComputedTrait`): a new or changed definition is recomputed from the
//   whole history in the transaction that saves it.
// Definition rows are the lock that orders these: the per-event update holds FOR SHARE on
// the definitions it uses and refuses if their version moved (the dispatcher retries the
// event against the new definition); a save holds the row FOR UPDATE while it recomputes.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { PropertyFilter } from "@mailstream/journey/schema";
import type { Db, Tx } from "../client";
import { computedTraits, contactComputedTraits, contacts, events } from "../schema/index";
import { foldTraitValue, traitContribution, type ComputedTraitKind, type TraitEventInput } from "./computed-trait-fold";

export type ComputedTraitRow = typeof computedTraits.$inferSelect;

export interface ComputedTraitInput {
  key: string;
  kind: ComputedTraitKind;
  eventName: string;
  property: string | null;
  filters: PropertyFilter[];
  windowSeconds: number | null;
}

/** Thrown when a definition changed between the dispatcher reading it and applying it. */
export class StaleComputedTraitError extends Error {
  constructor(key: string) {
    super(`Computed trait "${key}" changed while an event was applied; the event is retried against the new definition`);
    this.name = "StaleComputedTraitError";
  }
}

export async function findComputedTraits(db: Db | Tx, workspaceId: string): Promise<ComputedTraitRow[]> {
  return db.select().from(computedTraits).where(eq(computedTraits.workspaceId, workspaceId)).orderBy(asc(computedTraits.key));
}

/** Definitions fed by track events of `eventName` (one indexed lookup per dispatched event). */
export async function findComputedTraitsForEvent(db: Db | Tx, workspaceId: string, eventName: string): Promise<ComputedTraitRow[]> {
  return db
    .select()
    .from(computedTraits)
    .where(and(eq(computedTraits.workspaceId, workspaceId), eq(computedTraits.eventName, eventName)));
}

type HistoryEvent = TraitEventInput & { seq: number; contactId: string };

/**
 * Track events of `eventNames` attributed to their contact (by userId, else by the anonymous
 * contact), oldest first, with the highest event seq of the same snapshot: every event up to
 * that seq that is attributable is in the list.
 */
async function readHistory(
  db: Db | Tx,
  scope: { workspaceId: string; eventNames: string[]; contact?: { id: string; userId: string | null; anonymousId: string | null } },
): Promise<{ rows: HistoryEvent[]; maxSeq: number }> {
  const { workspaceId, contact } = scope;
  const contactScope = contact
    ? sql`and ((${contact.userId}::text is not null and e.user_id = ${contact.userId})
              or (e.user_id is null and ${contact.anonymousId}::text is not null and e.anonymous_id = ${contact.anonymousId}))`
    : sql``;
  const names = sql`array[${sql.join(scope.eventNames.map((name) => sql`${name}`), sql`, `)}]::text[]`;
  const result = await db.execute<{
    seq: string; event: string; timestamp: string; properties: Record<string, unknown>; traits: Record<string, unknown>;
    context: Record<string, unknown>; contact_id: string | null; max_seq: string | null;
  }>(sql`
    select e.seq, e.event, e.timestamp, e.properties, e.traits, e.context,
           ${contact ? sql`${contact.id}::uuid` : sql`coalesce(cu.id, ca.id)`} as contact_id,
           (select max(seq) from ${events}) as max_seq
    from ${events} e
    ${contact ? sql`` : sql`left join ${contacts} cu on cu.workspace_id = e.workspace_id and e.user_id is not null and cu.user_id = e.user_id
    left join ${contacts} ca on ca.workspace_id = e.workspace_id and e.user_id is null and ca.anonymous_id = e.anonymous_id`}
    where e.workspace_id = ${workspaceId} and e.type = 'track' and e.event = any(${names}) ${contactScope}
    order by e.seq`);
  let maxSeq = 0;
  const rows: HistoryEvent[] = [];
  for (const row of result.rows) {
    maxSeq = Math.max(maxSeq, Number(row.max_seq ?? 0));
    if (!row.contact_id) continue; // not yet dispatched: its contact does not exist; the dispatcher will count it
    rows.push({
      seq: Number(row.seq),
      contactId: row.contact_id,
      event: row.event,
      timestamp: new Date(row.timestamp),
      properties: row.properties,
      traits: row.traits,
      context: row.context,
    });
  }
  if (result.rows.length === 0) {
    const [top] = (await db.execute<{ max_seq: string | null }>(sql`select max(seq) as max_seq from ${events}`)).rows;
    maxSeq = Number(top?.max_seq ?? 0);
  }
  return { rows, maxSeq };
}

/** Folds history into one value per contact; windowed traits only count their window. */
function foldHistory(definition: ComputedTraitRow, rows: HistoryEvent[], now: Date): Map<string, unknown> {
  const since = definition.windowSeconds ? now.getTime() - definition.windowSeconds * 1000 : null;
  const values = new Map<string, unknown>();
  for (const row of rows) {
    if (row.event !== definition.eventName || (since !== null && row.timestamp.getTime() < since)) continue;
    const contribution = traitContribution(definition, row);
    if (contribution) values.set(row.contactId, foldTraitValue(definition.kind, values.get(row.contactId), contribution.value));
  }
  return values;
}

async function writeValues(tx: Tx, definition: ComputedTraitRow, values: Map<string, unknown>, lastSeq: number): Promise<void> {
  if (values.size === 0) return;
  const payload = JSON.stringify([...values].map(([contactId, value]) => ({ contact_id: contactId, value })));
  await tx.execute(sql`
    insert into ${contactComputedTraits} (contact_id, trait_id, workspace_id, key, value, last_seq, updated_at)
    select x.contact_id, ${definition.id}::uuid, ${definition.workspaceId}::uuid, ${definition.key}, x.value, ${lastSeq}, now()
    from jsonb_to_recordset(${payload}::jsonb) as x(contact_id uuid, value jsonb)
    join ${contacts} c on c.id = x.contact_id
    on conflict (contact_id, trait_id) do update
      set value = excluded.value, key = excluded.key, last_seq = greatest(${contactComputedTraits.lastSeq}, excluded.last_seq), updated_at = now()`);
}

/** Rebuilds every contact's value of one (locked) definition from the whole history. */
async function recomputeDefinition(tx: Tx, definition: ComputedTraitRow): Promise<void> {
  await tx.delete(contactComputedTraits).where(eq(contactComputedTraits.traitId, definition.id));
  const { rows, maxSeq } = await readHistory(tx, { workspaceId: definition.workspaceId, eventNames: [definition.eventName] });
  await writeValues(tx, definition, foldHistory(definition, rows, new Date()), maxSeq);
}

/**
 * Creates or changes a definition, then rebuilds its values from history. Two steps: the
 * definition commits first, so the dispatcher folds new events into it at once; the rebuild
 * then holds the row lock and bumps the version, so an event the dispatcher applies
 * meanwhile waits, finds the version moved and is retried — counted once either way, since
 * the rebuilt values carry the highest seq they include.
 */
export async function saveComputedTrait(db: Db, workspaceId: string, input: ComputedTraitInput, id?: string): Promise<ComputedTraitRow> {
  const values = { ...input, property: input.property ?? null, windowSeconds: input.windowSeconds ?? null };
  const [saved] = id
    ? await db
        .update(computedTraits)
        .set({ ...values, version: sql`${computedTraits.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(computedTraits.id, id), eq(computedTraits.workspaceId, workspaceId)))
        .returning()
    : await db.insert(computedTraits).values({ workspaceId, ...values }).returning();
  if (!saved) throw new ComputedTraitNotFoundError(id ?? input.key);
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .update(computedTraits)
      .set({ version: sql`${computedTraits.version} + 1` })
      .where(eq(computedTraits.id, saved.id))
      .returning();
    if (!locked) throw new ComputedTraitNotFoundError(saved.id);
    await recomputeDefinition(tx, locked);
    return locked;
  });
}

export class ComputedTraitNotFoundError extends Error {
  constructor(id: string) {
    super(`Computed trait ${id} does not exist in this workspace`);
    this.name = "ComputedTraitNotFoundError";
  }
}

export async function deleteComputedTrait(db: Db | Tx, workspaceId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(computedTraits)
    .where(and(eq(computedTraits.id, id), eq(computedTraits.workspaceId, workspaceId)))
    .returning({ id: computedTraits.id });
  return deleted.length > 0;
}

type ContactKeys = { id: string; userId: string | null; anonymousId: string | null };

/** Recomputes `definitions` for one contact from its history (merge, windowed traits). */
async function recomputeForContact(tx: Tx, contact: ContactKeys, definitions: ComputedTraitRow[], now: Date): Promise<void> {
  if (definitions.length === 0) return;
  const { rows, maxSeq } = await readHistory(tx, {
    workspaceId: definitions[0]!.workspaceId,
    eventNames: [...new Set(definitions.map((d) => d.eventName))],
    contact,
  });
  for (const definition of definitions) {
    const values = foldHistory(definition, rows, now);
    if (!values.has(contact.id)) {
      // Nothing in history (or the window): a windowed count/sum falls back to zero, others have no value.
      if (definition.windowSeconds) values.set(contact.id, 0);
      else await tx.delete(contactComputedTraits).where(and(eq(contactComputedTraits.traitId, definition.id), eq(contactComputedTraits.contactId, contact.id)));
    }
    await writeValues(tx, definition, values, maxSeq);
  }
}

/** Locks the definitions (FOR SHARE) and checks each is still the version the caller read. */
async function lockCurrentDefinitions(tx: Tx, definitions: ComputedTraitRow[]): Promise<ComputedTraitRow[]> {
  const current = await tx
    .select()
    .from(computedTraits)
    .where(inArray(computedTraits.id, definitions.map((d) => d.id)))
    .for("share");
  for (const definition of definitions) {
    const now = current.find((row) => row.id === definition.id);
    if (now && now.version !== definition.version) throw new StaleComputedTraitError(definition.key);
  }
  return current; // a definition deleted meanwhile simply drops out
}

/** After an identity merge: every definition of the workspace, recomputed for the contact. */
export async function recomputeContactComputedTraits(db: Db, contact: ContactKeys, definitions: ComputedTraitRow[]): Promise<void> {
  if (definitions.length === 0) return;
  await db.transaction(async (tx) => recomputeForContact(tx, contact, await lockCurrentDefinitions(tx, definitions), new Date()));
}

/**
 * Applies one dispatched track event to the contact's values of `definitions` (those fed by
 * its event name). Exactly once: a value whose last_seq is at or past the event's seq
 * already reflects it and is left alone, so a dispatcher replay changes nothing.
 */
export async function applyEventToComputedTraits(
  db: Db,
  input: { contact: ContactKeys; event: TraitEventInput & { seq: number }; definitions: ComputedTraitRow[] },
): Promise<void> {
  const { contact, event } = input;
  if (input.definitions.length === 0) return;
  await db.transaction(async (tx) => {
    const definitions = await lockCurrentDefinitions(tx, input.definitions);
    const windowed = definitions.filter((d) => d.windowSeconds !== null && traitContribution(d, event));
    await recomputeForContact(tx, contact, windowed, new Date());
    const incremental = definitions.filter((d) => d.windowSeconds === null);
    if (incremental.length === 0) return;
    const stored = await tx
      .select()
      .from(contactComputedTraits)
      .where(and(eq(contactComputedTraits.contactId, contact.id), inArray(contactComputedTraits.traitId, incremental.map((d) => d.id))))
      .for("update");
    for (const definition of incremental) {
      const row = stored.find((r) => r.traitId === definition.id);
      if (row && row.lastSeq >= event.seq) continue; // already counted (replay)
      const contribution = traitContribution(definition, event);
      if (!contribution) continue;
      const value = foldTraitValue(definition.kind, row?.value, contribution.value);
      await writeValues(tx, definition, new Map([[contact.id, value]]), event.seq);
    }
  });
}

export interface ContactComputedTrait {
  key: string;
  value: unknown;
  updatedAt: Date;
}

/** A contact's computed trait values by key (profile, read API). */
export async function findContactComputedTraits(db: Db | Tx, contactId: string): Promise<Record<string, ContactComputedTrait>> {
  const rows = await db
    .select({ key: contactComputedTraits.key, value: contactComputedTraits.value, updatedAt: contactComputedTraits.updatedAt })
    .from(contactComputedTraits)
    .where(eq(contactComputedTraits.contactId, contactId))
    .orderBy(asc(contactComputedTraits.key));
  return Object.fromEntries(rows.map((row) => [row.key, row]));
}

/**
 * Windowed counts/sums shrink as events age out without any new event: a periodic sweep
 * recomputes them for every contact holding a value (the segment scheduler can call it).
 */
export async function refreshWindowedComputedTraits(db: Db, workspaceId: string): Promise<number> {
  const windowed = (await findComputedTraits(db, workspaceId)).filter((d) => d.windowSeconds !== null);
  for (const definition of windowed) {
    await db.transaction(async (tx) => {
      const [locked] = await tx.select().from(computedTraits).where(eq(computedTraits.id, definition.id)).for("update");
      if (locked) await recomputeDefinition(tx, locked);
    });
  }
  return windowed.length;
}
