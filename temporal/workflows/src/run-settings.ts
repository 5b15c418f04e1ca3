// Journey settings as the run sees them: which signalled events meet the goal or an exit
// criterion, and whether an event carries the run's entry key. Pure and deterministic
// (workflow code): decisions use the events' own timestamps, never the wall clock.
import { matchesFilters, readPath } from "@mailstream/journey/filters";
import type { Plan } from "@mailstream/journey/plan";
import type { EventReceived, JourneyRunInput } from "@mailstream/temporal-contracts";

/**
 * Pseudo node ids of the steps recorded when settings end a run: they are not nodes of the
 * graph (`$` never appears in canvas ids), so per-node metrics do not mistake them for one.
 */
export const GOAL_NODE_ID = "$goal";
export const EXIT_CRITERION_NODE_ID = "$exit_criterion";

/** Why the run must stop at the next opportunity, whatever step it is on. */
export type EndRequest =
  | { kind: "exit"; reason: string }
  | { kind: "goal"; event: EventReceived }
  | { kind: "exit_criterion"; criterion: string; event: EventReceived };

/**
 * The end this event asks for under the plan's settings, or null. An event counts only from
 * entry on (`enteredAt`, epoch ms) and never the trigger event itself; the goal only within
 * its window. Exit criteria win over the goal when one event is both.
 */
export function matchSettingsEvent(
  plan: Plan,
  event: EventReceived,
  enteredAt: number,
  triggerEventId: string,
): EndRequest | null {
  const settings = plan.settings;
  if (!settings || event.eventId === triggerEventId) return null;
  const at = Date.parse(event.timestamp);
  if (!Number.isFinite(at) || at < enteredAt) return null;
  const subject = { event: event.event, properties: event.properties };
  const criterion = settings.exitCriteria.find(
    (candidate) => candidate.event === event.event && matchesFilters(subject, candidate.filters),
  );
  if (criterion) return { kind: "exit_criterion", criterion: criterion.event, event };
  const goal = settings.goal;
  if (goal && goal.event === event.event && at <= enteredAt + goal.windowMs && matchesFilters(subject, goal.filters)) {
    return { kind: "goal", event };
  }
  return null;
}

/** Plain values compare as text (`42` and `"42"` are one cart); a missing value never matches. */
function sameKey(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return false;
  if (typeof a === "object" || typeof b === "object") return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

/** Whether `event` has the same value at the plan's entry key as the run's trigger event. */
export function hasSameEntryKey(plan: Plan, trigger: JourneyRunInput["trigger"], event: EventReceived): boolean {
  const path = plan.trigger.entryKey;
  if (!path) return true;
  const triggerSubject = { event: trigger.event, properties: trigger.properties, traits: trigger.traits };
  return sameKey(readPath({ event: event.event, properties: event.properties }, path), readPath(triggerSubject, path));
}

/** The reason stored on the run (`journey_runs.end_reason`) for an end request. */
export function describeEnd(request: EndRequest): string {
  switch (request.kind) {
    case "exit":
      return request.reason;
    case "goal":
      return "goal";
    case "exit_criterion":
      return `exit criterion "${request.criterion}"`;
  }
}
