// Waits until an instant an activity resolves (the contact's time zone, a trait or trigger
// date, their best hour): shared by wait-until-time.ts, wait-until-date.ts and
// wait-until-best-time.ts. Zone rules and data reads run in
// the activity, whose result the history records; the sleep is a durable timer.
import { condition, proxyActivities } from "@temporalio/workflow";
import type { Activities, WaitUntilTarget } from "@mailstream/activities";
import { DATA_ACTIVITY_OPTIONS } from "./activity-options";
import { EXIT_REQUESTED, RUN_GONE, type RunState, type StepOf, type StepOutcome } from "./run-state";

const { resolveWaitUntil } = proxyActivities<Activities>(DATA_ACTIVITY_OPTIONS);

/** Sleeps until `targetAt` (workflow time) unless an exit is requested first. */
async function sleepUntil(state: RunState, targetAt: number): Promise<boolean> {
  const ms = targetAt - Date.now();
  if (ms <= 0) return state.exitRequested();
  return condition(() => state.exitRequested(), ms);
}

export async function interpretWaitUntil(
  step: StepOf<"wait_until_time" | "wait_until_date" | "wait_until_best_time">,
  state: RunState,
  target: WaitUntilTarget,
): Promise<StepOutcome> {
  const { contactId, trigger } = state.input;
  const resolved = await resolveWaitUntil({ contactId, trigger, ...target });
  const targetAt = resolved.targetAt === null ? null : Date.parse(resolved.targetAt);
  const isPast = targetAt === null || targetAt <= Date.now();
  const outcome = isPast ? "continued" : "waiting";
  if (!(await state.record(step.id, "wait", outcome, { ...resolved, mode: step.kind }))) return RUN_GONE;
  if (targetAt !== null && (await sleepUntil(state, targetAt))) return EXIT_REQUESTED;
  state.eventsSince = Date.now();
  return { next: step.next };
}
