// Per-event segment re-evaluation, called by the dispatcher once the event is applied to its
// contact. Only segments whose definition the event can change are evaluated (trait rules on
// identify or traits, event rules naming this event), plus the segments that refer to them;
// an identify or alias (a contact appearing or merging) re-checks all of them. Entries start
// their segment-triggered journeys right away.
import type { EventRow } from "@mailstream/db/queries/events";
import { findContactIdByIdentity } from "@mailstream/db/queries/segment-memberships";
import { findWorkspaceSegments, type SegmentRecord } from "@mailstream/db/queries/segments";
import { isDefinitionTouchedBy, withDependants } from "@mailstream/journey/segment-evaluate";
import { startPendingEntryRuns, type SegmentRunDeps } from "./entry-runs";
import { evaluateContactsForSegments } from "./evaluate-contacts";

/**
 * Returns how many segment-triggered runs the event started. Safe to repeat for the same event.
 * `workspaceSegments`: the event's workspace's segments when the caller read them for its
 * whole batch (the dispatcher, once per round); read here otherwise.
 */
export async function reevaluateSegmentsOnEvent(
  deps: SegmentRunDeps,
  event: EventRow,
  workspaceSegments?: readonly SegmentRecord[],
): Promise<number> {
  const all = workspaceSegments ? [...workspaceSegments] : await findWorkspaceSegments(deps.db, event.workspaceId);
  if (all.length === 0) return 0;
  const isIdentityChange = event.type === "identify" || event.type === "alias";
  const touch = {
    eventName: event.type === "track" ? event.event : null,
    traitsChanged: event.type !== "group" && Object.keys(event.traits).length > 0,
  };
  const touched = all.filter((segment) => isIdentityChange || isDefinitionTouchedBy(segment.definition, touch));
  if (touched.length === 0) return 0;
  const contactId = await findContactIdByIdentity(deps.db, event);
  if (!contactId) return 0;
  const segments = withDependants(all, new Set(touched.map((segment) => segment.id)));
  await evaluateContactsForSegments(deps.db, { workspaceId: event.workspaceId, contactIds: [contactId], segments });
  // This contact's entries not yet turned into runs: the ones just made, and any a crash left behind.
  const { runsStarted } = await startPendingEntryRuns(deps, { contactIds: [contactId] });
  return runsStarted;
}
