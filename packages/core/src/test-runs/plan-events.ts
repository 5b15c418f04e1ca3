// Every event name a plan listens for: its trigger, until-event waits, goal, exit criteria and
// branch rules about events. A test-run script may always use these, seen before or not.
import type { Plan, PlanCondition } from "@mailstream/journey/plan";

function conditionEvents(condition: PlanCondition): string[] {
  return condition.groups.flatMap((group) =>
    group.predicates.flatMap((predicate) =>
      predicate.type === "event_count" || predicate.type === "not_performed_since_entry" ? [predicate.event] : [],
    ),
  );
}

export function planEventNames(plan: Plan): Set<string> {
  const names = new Set<string>();
  if (plan.trigger.event) names.add(plan.trigger.event);
  if (plan.settings?.goal) names.add(plan.settings.goal.event);
  for (const criterion of plan.settings?.exitCriteria ?? []) names.add(criterion.event);
  for (const step of Object.values(plan.steps)) {
    if (step.kind === "wait_until_event") names.add(step.event);
    if (step.kind === "branch") for (const name of conditionEvents(step.condition)) names.add(name);
    if (step.kind === "branch_cases")
      for (const branchCase of step.cases) for (const name of conditionEvents(branchCase.condition)) names.add(name);
  }
  return names;
}
