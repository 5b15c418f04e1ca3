// Evaluates a branch condition against fresh data (traits, event history, email engagement,
// segment membership).
// Returns the decision and each predicate's input, which the workflow records in the step log.
import { wallClock, type Clock } from "./clock";
import type { Db } from "@mailstream/db/client";
import {
  findConditionContact,
  findContactEventsSince,
  findRunStartedAt,
  hasRunEmailEngagement,
} from "@mailstream/db/queries/conditions";
import { isContactInSegment } from "@mailstream/db/queries/segment-memberships";
import { matchesFilter, matchesFilters, readPath } from "@mailstream/journey/filters";
import type { PlanCondition, PlanPredicate } from "@mailstream/journey/plan";
import type { JourneyRunInput, MatchedEvent } from "@mailstream/temporal-contracts";

export interface EvaluateBranchInput {
  runId: string;
  contactId: string;
  trigger: JourneyRunInput["trigger"];
  condition: PlanCondition;
  /** Events earlier until-event waits of this run matched, by wait node id (matched-event rules). */
  matchedEvents?: Record<string, MatchedEvent>;
}

export interface PredicateOutcome {
  type: PlanPredicate["type"];
  result: boolean;
  /** What the predicate looked at: the trait value, the event count, the engagement found. */
  input: unknown;
}

export interface EvaluateBranchResult {
  result: boolean;
  predicates: PredicateOutcome[];
}

export function createBranchActivity(db: Db, clock: Clock = wallClock) {
  /**
   * "Entry" is the trigger event's own `timestamp` — the clock every other event comparison
   * uses (`events.timestamp`, as the goal, exit criteria and until-event waits do), so a late
   * or batched event is placed by when it happened, and one purchase cannot both convert the
   * run and count as "not since entry". The run row's start (the dispatcher's clock, later
   * than the trigger by the dispatch lag) is only the fallback for triggers without a time.
   */
  async function findEntryTime(input: EvaluateBranchInput): Promise<Date> {
    const triggeredAt = input.trigger.timestamp ? Date.parse(input.trigger.timestamp) : Number.NaN;
    if (Number.isFinite(triggeredAt)) return new Date(triggeredAt);
    return (await findRunStartedAt(db, input.runId)) ?? new Date(await clock());
  }

  return async function evaluateBranch(input: EvaluateBranchInput): Promise<EvaluateBranchResult> {
    const contact = await findConditionContact(db, input.contactId);
    const now = await clock();

    async function evaluate(predicate: PlanPredicate): Promise<PredicateOutcome> {
      switch (predicate.type) {
        case "trait": {
          const record = { ...(contact?.traits ?? {}), email: contact?.email ?? undefined };
          const result = matchesFilter(record, predicate);
          return {
            type: predicate.type,
            result,
            input: (record as Record<string, unknown>)[predicate.path.split(".")[0] as string] ?? null,
          };
        }
        case "trigger": {
          const result = matchesFilter(input.trigger as unknown as Record<string, unknown>, predicate);
          return { type: predicate.type, result, input: predicate.path };
        }
        case "event_count": {
          const since = new Date(now - predicate.withinMs);
          const found = contact ? await findContactEventsSince(db, contact, predicate.event, since) : [];
          const count = found.filter((event) =>
            matchesFilters(event as unknown as Record<string, unknown>, predicate.filters),
          ).length;
          const result =
            predicate.comparison === "at_least"
              ? count >= predicate.count
              : predicate.comparison === "at_most"
                ? count <= predicate.count
                : count === predicate.count;
          return { type: predicate.type, result, input: { count, since: since.toISOString() } };
        }
        case "not_performed_since_entry": {
          const since = await findEntryTime(input);
          const found = contact ? await findContactEventsSince(db, contact, predicate.event, since) : [];
          // The trigger event itself (same id) does not count as "since entry".
          const count = found.filter(
            (event) =>
              event.id !== input.trigger.eventId &&
              matchesFilters(event as unknown as Record<string, unknown>, predicate.filters),
          ).length;
          return { type: predicate.type, result: count === 0, input: { count, since: since.toISOString() } };
        }
        case "email_engagement": {
          const engaged = await hasRunEmailEngagement(db, input.runId, predicate.nodeId, predicate.action);
          return {
            type: predicate.type,
            result: engaged,
            input: { nodeId: predicate.nodeId, action: predicate.action },
          };
        }
        case "matched_event": {
          // A wait that timed out matched nothing: its event reads as empty (only not_exists holds).
          const matched = input.matchedEvents?.[predicate.nodeId];
          const subject = matched
            ? { event: matched.event, properties: matched.properties, timestamp: matched.timestamp }
            : {};
          const result = matchesFilter(subject, predicate);
          return {
            type: predicate.type,
            result,
            input: {
              nodeId: predicate.nodeId,
              eventId: matched?.eventId ?? null,
              value: readPath(subject, predicate.path) ?? null,
            },
          };
        }
        case "segment": {
          // Read now, not from the trigger: membership may have changed since the run started.
          const isMember = await isContactInSegment(db, input.contactId, predicate.segmentId);
          return {
            type: predicate.type,
            result: isMember === predicate.isMember,
            input: { segmentId: predicate.segmentId, isMember },
          };
        }
      }
    }

    const combine = (match: "all" | "any", results: boolean[]) =>
      match === "all" ? results.every(Boolean) : results.some(Boolean);
    const outcomes: PredicateOutcome[] = [];
    const groupResults: boolean[] = [];
    for (const group of input.condition.groups) {
      const results: boolean[] = [];
      for (const predicate of group.predicates) {
        const outcome = await evaluate(predicate);
        outcomes.push(outcome);
        results.push(outcome.result);
      }
      groupResults.push(combine(group.match, results));
    }
    return { result: combine(input.condition.match, groupResults), predicates: outcomes };
  };
}
