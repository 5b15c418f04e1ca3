// Re-evaluates segments for a set of contacts and records entries and exits. One transaction
// per call, holding per-contact advisory locks, so the per-event path and the scheduled sweep
// never race on the same contact; the open-membership unique index makes a replay record nothing.
import type { Db } from "@mailstream/db/client";
import { loadSegmentContacts } from "@mailstream/db/queries/segment-data";
import {
  enterSegments,
  leaveSegments,
  lockContactsForSegments,
  type MembershipKey,
} from "@mailstream/db/queries/segment-memberships";
import type { SegmentRecord } from "@mailstream/db/queries/segments";
import { evaluateSegment, orderByDependencies, segmentDataNeeds } from "@mailstream/journey/segment-evaluate";

export interface SegmentChanges {
  /** Memberships opened by this call (each id is an entry id). */
  entered: (MembershipKey & { id: string })[];
  left: MembershipKey[];
}

/**
 * Evaluates `segments` (dependencies first) for each contact against fresh data at `now`.
 * A segment's new outcome is visible to the segments after it that refer to it.
 */
export async function evaluateContactsForSegments(
  db: Db,
  input: {
    workspaceId: string;
    contactIds: readonly string[];
    segments: readonly Pick<SegmentRecord, "id" | "definition">[];
    now?: Date;
  },
): Promise<SegmentChanges> {
  if (input.contactIds.length === 0 || input.segments.length === 0) return { entered: [], left: [] };
  const ordered = orderByDependencies(input.segments);
  return db.transaction(async (tx) => {
    await lockContactsForSegments(tx, input.contactIds);
    // Read the clock after the lock: a contact evaluated after waiting sees the newest data at the newest time.
    const now = input.now ?? new Date();
    const needs = segmentDataNeeds(ordered.map((segment) => segment.definition));
    const loaded = await loadSegmentContacts(tx, {
      workspaceId: input.workspaceId,
      contactIds: input.contactIds,
      needs,
      now,
    });
    const toEnter: MembershipKey[] = [];
    const toLeave: MembershipKey[] = [];
    for (const segment of ordered) {
      for (const contact of loaded.values()) {
        const isMember = evaluateSegment(segment.definition, contact, now);
        const wasMember = contact.memberOf.has(segment.id);
        if (isMember === wasMember) continue;
        const key = { segmentId: segment.id, contactId: contact.id };
        if (isMember) {
          toEnter.push(key);
          contact.memberOf.add(segment.id);
        } else {
          toLeave.push(key);
          contact.memberOf.delete(segment.id);
        }
      }
    }
    const entered = await enterSegments(tx, input.workspaceId, toEnter, now);
    await leaveSegments(tx, toLeave, now);
    return { entered, left: toLeave };
  });
}
