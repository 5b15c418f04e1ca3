// Computed trait definitions and values. Three ways a value changes, all exactly-once:
// - per event (`applyEventToComputedTraits`, called by the dispatcher): folds the event into
//   the stored value unless the row's snapshot/applied_seqs show it is already reflected (a
//   replay after a crash, or an event the last rebuild already read);
// - per contact (`recomputeContactComputedTraits`): from the contact's history, after an
//   identity merge brought in anonymous events, and for windowed traits on each event;
// - per definition (`saveComputedTrait`): a new or changed definition is recomputed from the
//   whole history in the transaction that saves it.
// Definition rows are the lock that orders these: the per-event update holds FOR SHARE on
// the definitions it uses and refuses if their version moved (the dispatcher retries the
// event against the new definition); a save holds the row FOR UPDATE while it recomputes.
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { PropertyFilter } from "@mailstream/journey/schema";
import type { Db, Tx } from "../client";
import { computedTraits, contactComputedTraits, contacts, events } from "../schema/index";
import { foldTraitValue, traitContribution, type ComputedTraitKind, type TraitEventInput } from "./computed-trait-fold";
import { readTraitHistory, type HistoryEvent } from "./computed-trait-history";
import { isRealWorkspace } from "./scratch-slug";

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
    super(
      `Computed trait "${key}" changed while an event was applied; the event is retried against the new definition`,
    );
    this.name = "StaleComputedTraitError";
  }
}

export async function findComputedTraits(db: Db | Tx, workspaceId: string): Promise<ComputedTraitRow[]> {
  return db
    .select()
    .from(computedTraits)
    .where(eq(computedTraits.workspaceId, workspaceId))
    .orderBy(asc(computedTraits.key));
}

/** Definitions fed by track events of `eventName` (one indexed lookup per dispatched event). */
export async function findComputedTraitsForEvent(
  db: Db | Tx,
  workspaceId: string,
  eventName: string,
): Promise<ComputedTraitRow[]> {
  return findComputedTraitsForEvents(db, { workspaceIds: [workspaceId], eventNames: [eventName] });
}

/** Definitions fed by track events of any of `eventNames` in these workspaces: the dispatcher reads them once per batch. */
export async function findComputedTraitsForEvents(
  db: Db | Tx,
  scope: { workspaceIds: readonly string[]; eventNames: readonly string[] },
): Promise<ComputedTraitRow[]> {
  if (scope.workspaceIds.length === 0 || scope.eventNames.length === 0) return [];
  return db
    .select()
    .from(computedTraits)
    .where(
      and(
        inArray(computedTraits.workspaceId, [...scope.workspaceIds]),
        inArray(computedTraits.eventName, [...scope.eventNames]),
      ),
    );
}

/** Folds history into one value per contact; windowed traits only count their window. */
function foldHistory(definition: ComputedTraitRow, rows: HistoryEvent[], now: Date): Map<string, unknown> {
  const since = definition.windowSeconds ? now.getTime() - definition.windowSeconds * 1000 : null;
  const values = new Map<string, unknown>();
  for (const row of rows) {
    if (row.event !== definition.eventName || (since !== null && row.timestamp.getTime() < since)) continue;
    const contribution = traitContribution(definition, row);
    if (contribution)
      values.set(row.contactId, foldTraitValue(definition.kind, values.get(row.contactId), contribution.value));
  }
  return values;
}

/**
 * How a write marks what the value reflects: a rebuild replaces the mark with its read's
 * snapshot; an incremental fold adds the event's seq to applied_seqs, pruning the seqs of
 * events already marked dispatched (a dispatched event is never claimed again), so the
 * array holds at most the contact's in-flight events.
 */
type Reflects = { snapshot: string } | { appliedSeq: number };

async function writeValues(
  tx: Tx,
  definition: ComputedTraitRow,
  values: Map<string, unknown>,
  reflects: Reflects,
): Promise<void> {
  if (values.size === 0) return;
  const payload = JSON.stringify([...values].map(([contactId, value]) => ({ contact_id: contactId, value })));
  const isRebuild = "snapshot" in reflects;
  const snapshot = isRebuild ? reflects.snapshot : null;
  const applied = isRebuild ? sql`'{}'::bigint[]` : sql`array[${reflects.appliedSeq}]::bigint[]`;
  const onConflict = isRebuild
    ? sql`snapshot = excluded.snapshot, applied_seqs = '{}'::bigint[]`
    : sql`applied_seqs = array(select e.seq from ${events} e where e.seq = any(${contactComputedTraits.appliedSeqs}) and e.dispatched_at is null)
                         || excluded.applied_seqs`;
  await tx.execute(sql`
    insert into ${contactComputedTraits} (contact_id, trait_id, workspace_id, key, value, snapshot, applied_seqs, updated_at)
    select x.contact_id, ${definition.id}::uuid, ${definition.workspaceId}::uuid, ${definition.key}, x.value, ${snapshot}, ${applied}, now()
    from jsonb_to_recordset(${payload}::jsonb) as x(contact_id uuid, value jsonb)
    join ${contacts} c on c.id = x.contact_id
    on conflict (contact_id, trait_id) do update
      set value = excluded.value, key = excluded.key, ${onConflict}, updated_at = now()`);
}

/**
 * Rebuilds every contact's value of one (locked) definition from history. A windowed trait
 * reads only its window, and a contact whose events all aged out keeps a row at 0.
 */
async function recomputeDefinition(tx: Tx, definition: ComputedTraitRow, now = new Date()): Promise<void> {
  const held = definition.windowSeconds
    ? await tx
        .select({ contactId: contactComputedTraits.contactId })
        .from(contactComputedTraits)
        .where(eq(contactComputedTraits.traitId, definition.id))
    : [];
  await tx.delete(contactComputedTraits).where(eq(contactComputedTraits.traitId, definition.id));
  const since = definition.windowSeconds ? new Date(now.getTime() - definition.windowSeconds * 1000) : null;
  const { rows, snapshot } = await readTraitHistory(tx, {
    workspaceId: definition.workspaceId,
    eventNames: [definition.eventName],
    since,
  });
  const values = foldHistory(definition, rows, now);
  for (const { contactId } of held) if (!values.has(contactId)) values.set(contactId, 0);
  await writeValues(tx, definition, values, { snapshot });
}

/**
 * Creates or changes a definition, then rebuilds its values from history. Two steps: the
 * definition commits first, so the dispatcher folds new events into it at once; the rebuild
 * then holds the row lock and bumps the version, so an event the dispatcher applies
 * meanwhile waits, finds the version moved and is retried — counted once either way, since
 * the rebuilt values carry the snapshot of the history they read (an event still being
 * inserted at that moment is not in it, and is folded in when it is dispatched).
 */
export async function saveComputedTrait(
  db: Db,
  workspaceId: string,
  input: ComputedTraitInput,
  id?: string,
  /** Runs in the recompute's transaction with the saved definition (the audit row). */
  onSaved?: (tx: Tx, saved: ComputedTraitRow) => Promise<void>,
): Promise<ComputedTraitRow> {
  const values = { ...input, property: input.property ?? null, windowSeconds: input.windowSeconds ?? null };
  const [saved] = id
    ? await db
        .update(computedTraits)
        .set({ ...values, version: sql`${computedTraits.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(computedTraits.id, id), eq(computedTraits.workspaceId, workspaceId)))
        .returning()
    : await db
        .insert(computedTraits)
        .values({ workspaceId, ...values })
        .returning();
  if (!saved) throw new ComputedTraitNotFoundError(id ?? input.key);
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .update(computedTraits)
      .set({ version: sql`${computedTraits.version} + 1` })
      .where(eq(computedTraits.id, saved.id))
      .returning();
    if (!locked) throw new ComputedTraitNotFoundError(saved.id);
    await recomputeDefinition(tx, locked);
    await onSaved?.(tx, locked);
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
async function recomputeForContact(
  tx: Tx,
  contact: ContactKeys,
  definitions: ComputedTraitRow[],
  now: Date,
): Promise<void> {
  if (definitions.length === 0) return;
  // Only windowed definitions (the per-event path): nothing older than the widest window matters.
  const widest = definitions.every((d) => d.windowSeconds !== null)
    ? Math.max(...definitions.map((d) => d.windowSeconds ?? 0))
    : null;
  const { rows, snapshot } = await readTraitHistory(tx, {
    workspaceId: definitions[0]!.workspaceId,
    eventNames: [...new Set(definitions.map((d) => d.eventName))],
    contact,
    since: widest === null ? null : new Date(now.getTime() - widest * 1000),
  });
  for (const definition of definitions) {
    const values = foldHistory(definition, rows, now);
    if (!values.has(contact.id)) {
      // Nothing in history (or the window): a windowed count/sum falls back to zero, others have no value.
      if (definition.windowSeconds) values.set(contact.id, 0);
      else
        await tx
          .delete(contactComputedTraits)
          .where(
            and(eq(contactComputedTraits.traitId, definition.id), eq(contactComputedTraits.contactId, contact.id)),
          );
    }
    await writeValues(tx, definition, values, { snapshot });
  }
}

/** Locks the definitions (FOR SHARE) and checks each is still the version the caller read. */
async function lockCurrentDefinitions(tx: Tx, definitions: ComputedTraitRow[]): Promise<ComputedTraitRow[]> {
  const current = await tx
    .select()
    .from(computedTraits)
    .where(
      inArray(
        computedTraits.id,
        definitions.map((d) => d.id),
      ),
    )
    .for("share");
  for (const definition of definitions) {
    const now = current.find((row) => row.id === definition.id);
    if (now && now.version !== definition.version) throw new StaleComputedTraitError(definition.key);
  }
  return current; // a definition deleted meanwhile simply drops out
}

/** After an identity merge: every definition of the workspace, recomputed for the contact. */
export async function recomputeContactComputedTraits(
  db: Db,
  contact: ContactKeys,
  definitions: ComputedTraitRow[],
): Promise<void> {
  if (definitions.length === 0) return;
  await db.transaction(async (tx) =>
    recomputeForContact(tx, contact, await lockCurrentDefinitions(tx, definitions), new Date()),
  );
}

/**
 * Applies one dispatched track event to the contact's values of `definitions` (those fed by
 * its event name). Exactly once: a value that already reflects the event — its rebuild's
 * snapshot saw the event's inserting transaction committed, or the event's seq is in
 * applied_seqs — is left alone, so a dispatcher replay changes nothing, and an event that
 * committed after a rebuild read history (whatever its seq) is still counted.
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
    const stored = await tx.execute<{ trait_id: string; value: unknown; reflected: boolean }>(sql`
      select ct.trait_id, ct.value,
             (${event.seq}::bigint = any(ct.applied_seqs)
              or (ct.snapshot is not null and coalesce(pg_visible_in_snapshot(
                    (select e.insert_xid from ${events} e where e.seq = ${event.seq}), ct.snapshot::pg_snapshot), false))) as reflected
      from ${contactComputedTraits} ct
      where ct.contact_id = ${contact.id}::uuid
        and ct.trait_id in (${sql.join(
          incremental.map((d) => sql`${d.id}::uuid`),
          sql`, `,
        )})
      for update of ct`);
    for (const definition of incremental) {
      const row = stored.rows.find((r) => r.trait_id === definition.id);
      if (row?.reflected) continue; // already counted (replay, or read by the last rebuild)
      const contribution = traitContribution(definition, event);
      if (!contribution) continue;
      const value = foldTraitValue(definition.kind, row?.value, contribution.value);
      await writeValues(tx, definition, new Map([[contact.id, value]]), { appliedSeq: event.seq });
    }
  });
}

export interface ContactComputedTrait {
  key: string;
  value: unknown;
  updatedAt: Date;
}

/**
 * Windowed counts/sums shrink as events age out without any new event: a periodic sweep
 * recomputes them for every contact holding a value (the segment sweep calls it first).
 */
export async function refreshWindowedComputedTraits(db: Db, workspaceId: string, now?: Date): Promise<number> {
  const windowed = (await findComputedTraits(db, workspaceId)).filter((d) => d.windowSeconds !== null);
  for (const definition of windowed) {
    await db.transaction(async (tx) => {
      const [locked] = await tx.select().from(computedTraits).where(eq(computedTraits.id, definition.id)).for("update");
      if (locked) await recomputeDefinition(tx, locked, now);
    });
  }
  return windowed.length;
}

/** Workspaces (of `workspaceIds`, if given) with at least one windowed computed trait: the scheduled refresh visits those. */
export async function findWorkspacesWithWindowedTraits(
  db: Db | Tx,
  workspaceIds?: readonly string[],
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ workspaceId: computedTraits.workspaceId })
    .from(computedTraits)
    .where(
      and(
        isNotNull(computedTraits.windowSeconds),
        workspaceIds ? inArray(computedTraits.workspaceId, [...workspaceIds]) : undefined,
        isRealWorkspace(computedTraits.workspaceId),
      ),
    );
  return rows.map((row) => row.workspaceId);
}
