// Checks of the journey settings (goal, exit criteria, quiet hours, frequency cap, time zone):
// graph-wide problems (nodeId null) whose message names the setting.
import { isPositive, needsValue } from "./kinds/kind";
import type { EventMatcher } from "./primitives";
import type { JourneySettings } from "./schema";
import { isValidTimeZone, parseTimeOfDay } from "./time-of-day";
import type { ValidationCode, ValidationIssue } from "./validate-types";

type Push = (code: ValidationCode, message: string) => void;

function checkMatcher(matcher: EventMatcher, where: string, code: ValidationCode, push: Push): void {
  if (matcher.event.trim() === "") push(code, `${where} needs an event name`);
  matcher.filters.forEach((filter, index) => {
    if (needsValue(filter.op, filter.value)) {
      push("filter_missing_value", `${where}: filter ${index + 1} on "${filter.path}" (${filter.op}) needs a value`);
    }
  });
}

/** Every problem in the journey settings; each issue is graph-wide (nodeId null). */
export function validateSettings(settings: JourneySettings): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const push: Push = (code, message) => issues.push({ nodeId: null, code, message });
  const { goal, exitCriteria, quietHours, frequencyCap, timeZone } = settings;
  if (goal) {
    checkMatcher(goal, "Journey settings: the goal", "goal_invalid", push);
    if (!isPositive(goal.window)) {
      push(
        "goal_invalid",
        `Journey settings: the goal needs a positive window (got ${goal.window.amount} ${goal.window.unit})`,
      );
    }
  }
  exitCriteria.forEach((criterion, index) =>
    checkMatcher(criterion, `Journey settings: exit criterion ${index + 1}`, "exit_criterion_invalid", push),
  );
  if (quietHours) {
    const start = parseTimeOfDay(quietHours.start);
    const end = parseTimeOfDay(quietHours.end);
    if (!start)
      push(
        "quiet_hours_invalid",
        `Journey settings: quiet hours need a start time as HH:MM (24h), e.g. 21:00 (got "${quietHours.start}")`,
      );
    if (!end)
      push(
        "quiet_hours_invalid",
        `Journey settings: quiet hours need an end time as HH:MM (24h), e.g. 08:00 (got "${quietHours.end}")`,
      );
    if (start && end && quietHours.start === quietHours.end) {
      push(
        "quiet_hours_invalid",
        `Journey settings: quiet hours start and end at the same time (${quietHours.start}); pick different times`,
      );
    }
  }
  if (frequencyCap) {
    if (!Number.isInteger(frequencyCap.maxEmails) || frequencyCap.maxEmails < 1) {
      push(
        "frequency_cap_invalid",
        `Journey settings: the frequency cap needs a whole number of emails of at least 1 (got ${frequencyCap.maxEmails})`,
      );
    }
    if (!isPositive(frequencyCap.period)) {
      push(
        "frequency_cap_invalid",
        `Journey settings: the frequency cap needs a positive period (got ${frequencyCap.period.amount} ${frequencyCap.period.unit})`,
      );
    }
  }
  if (!isValidTimeZone(timeZone)) {
    push(
      "invalid_time_zone",
      `Journey settings: the time zone "${timeZone}" is not a known IANA time zone (e.g. Europe/Paris)`,
    );
  }
  return issues;
}
