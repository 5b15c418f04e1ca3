// A wait for an event of the contact (with property filters, optionally the same entry key) or
// a timeout: two outlets, `matched` and `timed out`. Events arrive as signals into the run's
// inbox (journey-run.ts); the matched one is kept for later steps as `matchedEvents[<node id>]`.
import { condition } from "@temporalio/workflow";
import { matchesFilters } from "@mailstream/journey/filters";
import type { EventReceived } from "@mailstream/temporal-contracts";
import { hasSameEntryKey } from "../run-settings";
import { EXIT_REQUESTED, RUN_GONE, type StepHandler } from "./run-state";

export const interpretWaitUntilEvent: StepHandler<"wait_until_event"> = async (step, state) => {
  const { input } = state;
  const since = state.eventsSince;
  state.inbox.splice(0, state.inbox.length, ...state.inbox.filter((event) => Date.parse(event.timestamp) >= since));
  if (!(await state.record(step.id, "wait", "waiting", { event: step.event, timeoutMs: step.timeoutMs })))
    return RUN_GONE;
  // Matching on the entry key (e.g. the same cart) is part of SETTINGS_PATCH; older runs ignored it.
  const isKeyed = state.hasSettings && step.matchOnEntryKey;
  const find = () =>
    state.inbox.find(
      (event) =>
        event.event === step.event &&
        Date.parse(event.timestamp) >= since &&
        matchesFilters({ event: event.event, properties: event.properties }, step.filters) &&
        (!isKeyed || hasSameEntryKey(input.plan, input.trigger, event)),
    );
  let matched: EventReceived | undefined;
  const isDone = await condition(() => state.exitRequested() || (matched = find()) !== undefined, step.timeoutMs);
  if (state.exitRequested()) return EXIT_REQUESTED;
  state.eventsSince = Date.now();
  if (isDone && matched) {
    state.inbox.splice(state.inbox.indexOf(matched), 1);
    state.matchedEvents[step.id] = { ...matched };
    if (
      !(await state.record(step.id, "wait", "matched", {
        eventId: matched.eventId,
        event: matched.event,
        timestamp: matched.timestamp,
      }))
    )
      return RUN_GONE;
    return { next: step.matched };
  }
  if (!(await state.record(step.id, "wait", "timed_out", { timeoutMs: step.timeoutMs }))) return RUN_GONE;
  return { next: step.timedOut };
};
