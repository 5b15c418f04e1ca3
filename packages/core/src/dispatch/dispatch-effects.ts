// What the dispatcher does with an event beyond contacts and journeys, called once per event
// right after the event was applied to its contact (dispatch-batch.ts):
// - erasure tombstones: an event that belongs to a contact erased after it was accepted
//   undoes the contact it just recreated and stops there;
// - computed traits: a track event folds into the contact's traits fed by its name, an
//   identity merge (alias, identify linking an anonymousId) recomputes the merged contact.
// Both are idempotent under dispatcher retries (see computed-traits queries for last_seq).
import type { Db } from "@mailstream/db/client";
import type { EventRow } from "@mailstream/db/queries/events";
import {
  applyEventToComputedTraits,
  findComputedTraits,
  findComputedTraitsForEvent,
  recomputeContactComputedTraits,
  type ComputedTraitRow,
} from "@mailstream/db/queries/computed-traits";
import { findContactKeys } from "@mailstream/db/queries/contacts-read";
import { undoErasedEvent } from "@mailstream/db/queries/erasure-tombstones";

/**
 * The definitions a track event feeds, when the caller read them for its whole batch
 * (dispatch-batch.ts: once per round, after the claim); read here otherwise.
 */
export type TrackDefinitions = (event: EventRow & { event: string }) => readonly ComputedTraitRow[];

async function updateComputedTraits(db: Db, event: EventRow, preloaded?: TrackDefinitions): Promise<void> {
  if (event.type === "track" && event.event) {
    const named = { ...event, event: event.event };
    const definitions = preloaded
      ? preloaded(named)
      : await findComputedTraitsForEvent(db, event.workspaceId, event.event);
    if (definitions.length === 0) return;
    const contact = await findContactKeys(db, event.workspaceId, {
      userId: event.userId,
      anonymousId: event.anonymousId,
    });
    if (contact) await applyEventToComputedTraits(db, { contact, event, definitions: [...definitions] });
    return;
  }
  const linksAnonymous = event.type === "alias" || (event.type === "identify" && event.anonymousId !== null);
  if (!linksAnonymous || !event.userId) return;
  const definitions = await findComputedTraits(db, event.workspaceId);
  if (definitions.length === 0) return;
  const contact = await findContactKeys(db, event.workspaceId, { userId: event.userId, anonymousId: null });
  if (contact) await recomputeContactComputedTraits(db, contact, definitions);
}

/** Returns `{ isErased: true }` when the event must have no further effect. */
export async function applyDispatchEffects(
  db: Db,
  event: EventRow,
  trackDefinitions?: TrackDefinitions,
): Promise<{ isErased: boolean }> {
  // Per event, after the contact upsert, never per batch: an erasure commits mid-round (it
  // skips the rows this round holds), and only a read after the upsert sees its tombstone.
  if (await undoErasedEvent(db, event)) return { isErased: true };
  await updateComputedTraits(db, event, trackDefinitions);
  return { isErased: false };
}
