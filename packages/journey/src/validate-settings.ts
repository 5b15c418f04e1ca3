// Checks of what is not a node's own step: journey settings (goal, exit criteria, quiet hours,
// frequency cap, time zone), the trigger's entry rules, and multi-case branches. Settings
// problems are graph-wide (nodeId null) and their message names the setting.
import { durationToMs } from "./durations";
import type { Duration, EventMatcher, JourneyNode, JourneySettings } from "./schema";
import { BRANCH_ELSE_OUTLET } from "./schema";
import { isValidTimeZone, parseTimeOfDay } from "./time-of-day";
import type { ValidationCode, ValidationIssue } from "./validate-types";

type Push = (code: ValidationCode, message: string) => void;

const VALUE_OPS = new Set(["eq", "neq", "contains", "gt", "lt"]);
/** `properties.cart_id`: dot-separated, no empty or blank segment. */
const PATH_PATTERN = /^[^.\s]+(\.[^.\s]+)*$/;

function isPositive(duration: Duration | undefined): boolean {
  return duration !== undefined && duration.amount > 0 && durationToMs(duration) >= 1;
}

function checkMatcher(matcher: EventMatcher, where: string, code: ValidationCode, push: Push): void {
  if (matcher.event.trim() === "") push(code, `${where} needs an event name`);
  matcher.filters.forEach((filter, index) => {
    if (VALUE_OPS.has(filter.op) && (filter.value === undefined || filter.value === "")) {
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
      push("goal_invalid", `Journey settings: the goal needs a positive window (got ${goal.window.amount} ${goal.window.unit})`);
    }
  }
  exitCriteria.forEach((criterion, index) => checkMatcher(criterion, `Journey settings: exit criterion ${index + 1}`, "exit_criterion_invalid", push));
  if (quietHours) {
    const start = parseTimeOfDay(quietHours.start);
    const end = parseTimeOfDay(quietHours.end);
    if (!start) push("quiet_hours_invalid", `Journey settings: quiet hours need a start time as HH:MM (24h), e.g. 21:00 (got "${quietHours.start}")`);
    if (!end) push("quiet_hours_invalid", `Journey settings: quiet hours need an end time as HH:MM (24h), e.g. 08:00 (got "${quietHours.end}")`);
    if (start && end && quietHours.start === quietHours.end) {
      push("quiet_hours_invalid", `Journey settings: quiet hours start and end at the same time (${quietHours.start}); pick different times`);
    }
  }
  if (frequencyCap) {
    if (!Number.isInteger(frequencyCap.maxEmails) || frequencyCap.maxEmails < 1) {
      push("frequency_cap_invalid", `Journey settings: the frequency cap needs a whole number of emails of at least 1 (got ${frequencyCap.maxEmails})`);
    }
    if (!isPositive(frequencyCap.period)) {
      push("frequency_cap_invalid", `Journey settings: the frequency cap needs a positive period (got ${frequencyCap.period.amount} ${frequencyCap.period.unit})`);
    }
  }
  if (!isValidTimeZone(timeZone)) {
    push("invalid_time_zone", `Journey settings: the time zone "${timeZone}" is not a known IANA time zone (e.g. Europe/Paris)`);
  }
  return issues;
}

/** The trigger's entry rules: a positive cooldown and a usable entry-key path. */
export function validateEntryRules(node: JourneyNode, name: string, push: Push): void {
  if (node.data.kind !== "trigger" || !node.data.entry) return;
  const { cooldown, entryKey } = node.data.entry;
  if (cooldown !== undefined && !isPositive(cooldown)) {
    push("entry_invalid_cooldown", `${name}: the re-entry cooldown must be a positive duration (got ${cooldown.amount} ${cooldown.unit})`);
  }
  if (entryKey !== undefined) {
    const path = entryKey.trim();
    if (!PATH_PATTERN.test(path)) {
      push("entry_invalid_key", `${name}: the entry key needs a path into the trigger event, e.g. properties.cart_id${path ? ` (got "${entryKey}")` : ""}`);
    } else if (node.data.source === "segment") {
      push("entry_invalid_key", `${name}: an entry key reads the trigger event, but this trigger is a segment; remove the entry key`);
    }
  }
}

/** The trigger's usable entry key (trimmed), or null. */
export function triggerEntryKey(trigger: JourneyNode | undefined): string | null {
  if (trigger?.data.kind !== "trigger") return null;
  const key = trigger.data.entry?.entryKey?.trim();
  return key && PATH_PATTERN.test(key) ? key : null;
}

/** A multi-case branch: unique, non-empty case ids other than `else`. Conditions are checked by the caller. */
export function validateBranchCaseIds(node: JourneyNode, name: string, push: Push): void {
  if (node.data.kind !== "branch" || !node.data.cases) return;
  const seen = new Set<string>();
  node.data.cases.forEach((branchCase, index) => {
    const id = branchCase.id.trim();
    if (id === "") push("branch_case_invalid", `${name}: case ${index + 1} needs an id`);
    else if (id === BRANCH_ELSE_OUTLET) push("branch_case_invalid", `${name}: case ${index + 1} cannot use the id "else", which is the outlet taken when no case holds`);
    else if (seen.has(id)) push("branch_case_invalid", `${name} has two cases with the id "${id}"`);
    seen.add(id);
  });
}
