// Config checks for the node kinds beyond trigger/email/exit: wait modes, branch, split,
// webhook and update contact. Each issue names the node so the canvas can flag it in place.
import { durationToMs } from "./durations";
import { SPLIT_WINNER_METRICS, type Condition, type Duration, type JourneyNode, type Predicate, type PropertyFilter, type SplitAutoWinner } from "./schema";
import { isValidTimeZone, parseTimeOfDay } from "./time-of-day";
import type { ValidationCode, ValidationContext } from "./validate-types";

const VALUE_OPS = new Set(["eq", "neq", "contains", "gt", "lt"]);

export function needsValue(op: string, value: unknown): boolean {
  return VALUE_OPS.has(op) && (value === undefined || value === "");
}

type Push = (code: ValidationCode, message: string) => void;

function isPositive(duration: Duration | undefined): boolean {
  return duration !== undefined && duration.amount > 0 && durationToMs(duration) >= 1;
}

function checkFilters(filters: readonly PropertyFilter[], where: string, push: Push): void {
  filters.forEach((filter, index) => {
    if (needsValue(filter.op, filter.value)) push("filter_missing_value", `${where}: filter ${index + 1} on "${filter.path}" (${filter.op}) needs a value`);
  });
}

export function validateWait(node: JourneyNode, name: string, ctx: ValidationContext, push: Push): void {
  if (node.data.kind !== "wait") return;
  const data = node.data;
  switch (data.mode ?? "duration") {
    case "duration":
      if (!isPositive(data.duration)) push("wait_invalid_duration", `${name} must wait a positive duration (got ${data.duration.amount} ${data.duration.unit})`);
      return;
    case "until_time": {
      const config = data.untilTime;
      if (!config || !parseTimeOfDay(config.time)) {
        push("wait_invalid_time", `${name} needs a time of day as HH:MM (24h), e.g. 09:00${config ? ` (got "${config.time}")` : ""}`);
      }
      const zone = ctx.fallbackTimeZone ?? "UTC";
      if (!isValidTimeZone(zone)) push("invalid_time_zone", `${name}: the journey's fallback time zone "${zone}" is not a known time zone`);
      return;
    }
    case "until_date":
      if (!data.untilDate || data.untilDate.path.trim() === "") {
        push("wait_missing_date_path", `${name} needs the trait or trigger property that holds the date`);
      }
      return;
    case "until_event": {
      const config = data.untilEvent;
      if (!config || config.event.trim() === "") push("wait_missing_event", `${name} needs the event to wait for`);
      if (!isPositive(config?.timeout)) push("wait_invalid_timeout", `${name} needs a positive timeout: how long to wait for the event before taking "timed out"`);
      if (config) checkFilters(config.filters, name, push);
      return;
    }
  }
}

/**
 * A segment reference must name a segment of the workspace. Without `ctx.segmentIds` (a caller
 * that does not know the workspace's segments) nothing segment-based can be proven runnable.
 */
export function checkSegmentRef(segmentId: string | undefined, where: string, ctx: ValidationContext, push: Push): void {
  if (!segmentId || segmentId.trim() === "") push("unknown_segment", `${where} needs a segment; choose one`);
  else if (!ctx.segmentIds) push("unknown_segment", `${where} uses a segment, but segments cannot be checked here`);
  else if (!ctx.segmentIds.has(segmentId)) push("unknown_segment", `${where} uses segment "${segmentId}", which does not exist; choose another`);
}

function validatePredicate(predicate: Predicate, where: string, emailNodeIds: ReadonlySet<string>, ctx: ValidationContext, push: Push): void {
  switch (predicate.type) {
    case "trait":
    case "trigger":
      if (predicate.path.trim() === "") push("condition_invalid", `${where} needs a ${predicate.type === "trait" ? "trait name" : "trigger property path"}`);
      else if (needsValue(predicate.op, predicate.value)) push("condition_invalid", `${where} on "${predicate.path}" (${predicate.op}) needs a value`);
      return;
    case "event_count":
      if (predicate.event.trim() === "") push("condition_invalid", `${where} needs an event name`);
      if (!Number.isInteger(predicate.count) || predicate.count < 0) push("condition_invalid", `${where} needs a whole number of times (got ${predicate.count})`);
      if (!isPositive(predicate.within)) push("condition_invalid", `${where} needs a positive time window`);
      checkFilters(predicate.filters, where, push);
      return;
    case "not_performed_since_entry":
      if (predicate.event.trim() === "") push("condition_invalid", `${where} needs an event name`);
      checkFilters(predicate.filters, where, push);
      return;
    case "email_engagement":
      if (!emailNodeIds.has(predicate.nodeId)) push("condition_invalid", `${where} refers to "${predicate.nodeId}", which is not an Email node of this journey`);
      return;
    case "segment":
      checkSegmentRef(predicate.segmentId, where, ctx, push);
      return;
    case "matched_event":
      // Which wait it names is checked against the graph's edges (validate-matched-event.ts).
      if (predicate.path.trim() === "") push("condition_invalid", `${where} needs a property path of the matched event, e.g. properties.total`);
      else if (needsValue(predicate.op, predicate.value)) push("condition_invalid", `${where} on "${predicate.path}" (${predicate.op}) needs a value`);
      return;
  }
}

function validateCondition(condition: Condition, where: string, emailNodeIds: ReadonlySet<string>, ctx: ValidationContext, push: Push): void {
  const { groups } = condition;
  if (groups.length === 0 || groups.every((group) => group.predicates.length === 0)) {
    push("condition_empty", `${where} has no condition; add at least one rule`);
    return;
  }
  groups.forEach((group, g) => {
    if (group.predicates.length === 0) push("condition_empty", `${where}: group ${g + 1} has no rules; add one or remove the group`);
    group.predicates.forEach((predicate, p) => validatePredicate(predicate, `${where}: group ${g + 1}, rule ${p + 1}`, emailNodeIds, ctx, push));
  });
}

/** Yes/no branches check `condition`; multi-case branches (non-empty `cases`) check each case's. */
export function validateBranch(node: JourneyNode, name: string, emailNodeIds: ReadonlySet<string>, ctx: ValidationContext, push: Push): void {
  if (node.data.kind !== "branch") return;
  const { cases } = node.data;
  if (cases && cases.length > 0) {
    cases.forEach((branchCase, index) => {
      const label = branchCase.name.trim() || branchCase.id.trim() || String(index + 1);
      validateCondition(branchCase.condition, `${name}: case "${label}"`, emailNodeIds, ctx, push);
    });
    return;
  }
  validateCondition(node.data.condition, name, emailNodeIds, ctx, push);
}

export function validateSplit(node: JourneyNode, name: string, push: Push, hasGoal: boolean): void {
  if (node.data.kind !== "split") return;
  const { variants, holdoutPercent, autoWinner } = node.data;
  if (autoWinner?.enabled) validateAutoWinner(autoWinner, variants.length, name, push, hasGoal);
  if (variants.length === 0) {
    push("split_invalid", `${name} needs at least one variant`);
    return;
  }
  const seen = new Set<string>();
  for (const variant of variants) {
    if (seen.has(variant.id)) push("split_invalid", `${name} has two variants with the id "${variant.id}"`);
    seen.add(variant.id);
    if (!(variant.weight >= 0)) push("split_invalid", `${name}: variant "${variant.name || variant.id}" needs a weight of 0 or more`);
  }
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  if (Math.abs(total - 100) > 1e-6) push("split_invalid", `${name}: variant weights must add up to 100 (they add up to ${total})`);
  if (!(holdoutPercent >= 0 && holdoutPercent < 100)) push("split_invalid", `${name}: the hold-out share must be from 0 to less than 100 percent (got ${holdoutPercent})`);
}

function validateAutoWinner(auto: SplitAutoWinner, variantCount: number, name: string, push: Push, hasGoal: boolean): void {
  const label = `${name}: automatic winner`;
  if (variantCount < 2) push("split_invalid", `${label} needs at least two variants to compare`);
  if (!SPLIT_WINNER_METRICS.includes(auto.metric)) push("split_invalid", `${label}: unknown metric "${auto.metric}" (use ${SPLIT_WINNER_METRICS.join(", ")})`);
  if (auto.metric === "goal_conversion" && !hasGoal)
    push("split_invalid", `${label} compares goal conversion, but the journey has no goal; set one in the journey settings or pick open or click rate`);
  if (!(auto.confidence >= 0.8 && auto.confidence <= 0.999))
    push("split_invalid", `${label}: confidence must be from 80% to 99.9% (got ${Math.round(auto.confidence * 1000) / 10}%)`);
  if (!(Number.isInteger(auto.minSamplePerArm) && auto.minSamplePerArm >= 10))
    push("split_invalid", `${label}: the minimum sample per variant must be a whole number of at least 10 (got ${auto.minSamplePerArm})`);
  const { guardrails } = auto;
  if (guardrails.mode === "relative" && !(guardrails.maxIncrease >= 0))
    push("split_invalid", `${label}: the guardrail's allowed increase must be 0% or more (got ${guardrails.maxIncrease * 100}%)`);
  if (guardrails.mode === "absolute") {
    if (!(guardrails.maxUnsubscribeRate > 0 && guardrails.maxUnsubscribeRate < 1))
      push("split_invalid", `${label}: the unsubscribe-rate cap must be between 0% and 100% (got ${guardrails.maxUnsubscribeRate * 100}%)`);
    if (!(guardrails.maxComplaintRate > 0 && guardrails.maxComplaintRate < 1))
      push("split_invalid", `${label}: the complaint-rate cap must be between 0% and 100% (got ${guardrails.maxComplaintRate * 100}%)`);
  }
}

export function validateWebhook(node: JourneyNode, name: string, push: Push): void {
  if (node.data.kind !== "webhook") return;
  let url: URL | null = null;
  try {
    url = new URL(node.data.url);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    push("webhook_invalid_url", `${name} needs a full http(s) URL, e.g. https://example.com/hook${node.data.url ? ` (got "${node.data.url}")` : ""}`);
  }
  node.data.headers.forEach((header, index) => {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header.name)) push("webhook_invalid_header", `${name}: header ${index + 1} needs a valid name (got "${header.name}")`);
  });
}

export function validateUpdateContact(node: JourneyNode, name: string, push: Push): void {
  if (node.data.kind !== "update_contact") return;
  if (node.data.updates.length === 0) push("update_empty", `${name} changes nothing; add a trait to set or unset`);
  node.data.updates.forEach((update, index) => {
    const trait = update.trait.trim();
    if (trait === "" || ["email", "userId"].includes(trait)) {
      push("update_invalid_trait", `${name}: change ${index + 1} needs a trait name${trait ? ` other than "${trait}", which identifies the contact` : ""}`);
    }
    if (update.op === "set" && update.as === "number" && !/[{]/.test(update.value) && !Number.isFinite(Number(update.value))) {
      push("update_invalid_value", `${name}: "${update.trait}" is set as a number but "${update.value}" is not one`);
    }
    if (update.op === "set" && update.as === "boolean" && !/[{]/.test(update.value) && !["true", "false"].includes(update.value.trim())) {
      push("update_invalid_value", `${name}: "${update.trait}" is set as true/false but "${update.value}" is neither`);
    }
  });
}
