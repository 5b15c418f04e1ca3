// Pure segment evaluation over data the caller loaded: what a set of definitions needs
// (traits, which events how far back, engagement window, other segments), which segments
// an event can change, and whether one contact's data satisfies a definition at `now`.
import { durationToMs } from "./durations";
import { matchesFilter, matchesFilters } from "./filters";
import type { PropertyFilter } from "./schema";
import { referencedSegmentIds, type SegmentDefinition, type SegmentPredicate } from "./segment-definition";

export interface SegmentContactEvent {
  event: string;
  properties: Record<string, unknown>;
  timestamp: Date;
}

export interface SegmentContactData {
  traits: Record<string, unknown>;
  email: string | null;
  /** The contact's track events of the names the definitions need, at least as far back as they need. */
  events: readonly SegmentContactEvent[];
  /** Opens and clicks of emails sent to the contact, at least as far back as needed. */
  engagements: readonly { type: "opened" | "clicked"; occurredAt: Date }[];
  /** Computed trait values by key (for `computed_trait` predicates). */
  computedTraits: Readonly<Record<string, unknown>>;
  /** Segments the contact is a member of (for `segment` predicates). */
  memberOf: ReadonlySet<string>;
}

/** What loading data for these definitions takes. */
export interface SegmentDataNeeds {
  /** Per event name: how far back (ms), or null for "ever". */
  events: Map<string, number | null>;
  /** How far back opens/clicks are needed (ms), or null when no definition reads engagement. */
  engagementMs: number | null;
  segmentIds: Set<string>;
  computedTraits: boolean;
}

function predicatesOf(definition: SegmentDefinition): SegmentPredicate[] {
  return definition.groups.flatMap((group) => group.predicates);
}

export function segmentDataNeeds(definitions: Iterable<SegmentDefinition>): SegmentDataNeeds {
  const needs: SegmentDataNeeds = {
    events: new Map(),
    engagementMs: null,
    segmentIds: new Set(),
    computedTraits: false,
  };
  const widen = (event: string, ms: number | null) => {
    const current = needs.events.get(event);
    if (current === null) return;
    needs.events.set(event, ms === null || current === undefined ? ms : Math.max(current, ms));
  };
  for (const definition of definitions) {
    for (const p of predicatesOf(definition)) {
      if (p.type === "event_count") widen(p.event, durationToMs(p.within));
      else if (p.type === "not_performed") widen(p.event, p.within ? durationToMs(p.within) : null);
      else if (p.type === "email_engagement")
        needs.engagementMs = Math.max(needs.engagementMs ?? 0, durationToMs(p.within));
      else if (p.type === "segment") needs.segmentIds.add(p.segmentId);
      else if (p.type === "computed_trait") needs.computedTraits = true;
    }
  }
  return needs;
}

/**
 * True when time passing alone can change the outcome ("active in the last 7 days"): such
 * segments are re-evaluated on a schedule, not only when the contact sends something.
 */
export function isTimeBasedDefinition(definition: SegmentDefinition): boolean {
  // Computed traits may be windowed ("orders in the last 30 days"): re-read them on the schedule too.
  return predicatesOf(definition).some(
    (p) =>
      p.type === "event_count" ||
      p.type === "email_engagement" ||
      p.type === "computed_trait" ||
      (p.type === "not_performed" && p.within !== null),
  );
}

export interface SegmentTouch {
  /** The track event's name, if the event is a track. */
  eventName: string | null;
  /** The event may have changed traits (identify, or a track/page carrying traits). */
  traitsChanged: boolean;
}

/** Can this event change the outcome of the definition (ignoring segment references)? Cheap, no I/O. */
export function isDefinitionTouchedBy(definition: SegmentDefinition, touch: SegmentTouch): boolean {
  return predicatesOf(definition).some(
    (p) =>
      (p.type === "trait" && touch.traitsChanged) ||
      // Which events feed a computed trait is the workspace's data, not the definition's: any track may.
      (p.type === "computed_trait" && touch.eventName !== null) ||
      ((p.type === "event_count" || p.type === "not_performed") &&
        touch.eventName !== null &&
        p.event === touch.eventName),
  );
}

/**
 * Orders segments so every segment comes after the ones it refers to (definitions are
 * validated acyclic; a cycle slipped in by hand is broken arbitrarily, never looped on).
 */
export function orderByDependencies<T extends { id: string; definition: SegmentDefinition }>(
  segments: readonly T[],
): T[] {
  const byId = new Map(segments.map((segment) => [segment.id, segment]));
  const ordered: T[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (segment: T) => {
    if (state.has(segment.id)) return;
    state.set(segment.id, "visiting");
    for (const ref of referencedSegmentIds(segment.definition)) {
      const dependency = byId.get(ref);
      if (dependency) visit(dependency);
    }
    state.set(segment.id, "done");
    ordered.push(segment);
  };
  segments.forEach(visit);
  return ordered;
}

/** Segments that must be re-evaluated when `changed` segments may have changed: themselves and every dependant. */
export function withDependants<T extends { id: string; definition: SegmentDefinition }>(
  all: readonly T[],
  changed: ReadonlySet<string>,
): T[] {
  const affected = new Set(changed);
  let grew = true;
  while (grew) {
    grew = false;
    for (const segment of all) {
      if (!affected.has(segment.id) && referencedSegmentIds(segment.definition).some((id) => affected.has(id))) {
        affected.add(segment.id);
        grew = true;
      }
    }
  }
  return orderByDependencies(all.filter((segment) => affected.has(segment.id)));
}

function countEvents(
  data: SegmentContactData,
  p: { event: string; filters: readonly PropertyFilter[] },
  since: number | null,
): number {
  let count = 0;
  for (const event of data.events) {
    if (event.event !== p.event) continue;
    if (since !== null && event.timestamp.getTime() < since) continue;
    if (matchesFilters(event as unknown as Record<string, unknown>, p.filters)) count++;
  }
  return count;
}

export function evaluateSegmentPredicate(p: SegmentPredicate, data: SegmentContactData, now: Date): boolean {
  switch (p.type) {
    case "trait":
      return matchesFilter({ ...data.traits, email: data.email ?? undefined }, p);
    case "event_count": {
      const count = countEvents(data, p, now.getTime() - durationToMs(p.within));
      return p.comparison === "at_least"
        ? count >= p.count
        : p.comparison === "at_most"
          ? count <= p.count
          : count === p.count;
    }
    case "not_performed":
      return countEvents(data, p, p.within ? now.getTime() - durationToMs(p.within) : null) === 0;
    case "email_engagement": {
      const since = now.getTime() - durationToMs(p.within);
      const types = p.action === "opened" ? ["opened", "clicked"] : ["clicked"];
      return data.engagements.some((e) => types.includes(e.type) && e.occurredAt.getTime() >= since);
    }
    case "computed_trait":
      return matchesFilter(data.computedTraits as Record<string, unknown>, { path: p.key, op: p.op, value: p.value });
    case "segment":
      return data.memberOf.has(p.segmentId) === p.isMember;
  }
}

export function evaluateSegment(definition: SegmentDefinition, data: SegmentContactData, now: Date): boolean {
  const combine = (match: "all" | "any", results: boolean[]) =>
    match === "all" ? results.every(Boolean) : results.some(Boolean);
  if (definition.groups.length === 0) return false;
  const groups = definition.groups.map((group) =>
    combine(
      group.match,
      group.predicates.map((p) => evaluateSegmentPredicate(p, data, now)),
    ),
  );
  return combine(definition.match, groups);
}
