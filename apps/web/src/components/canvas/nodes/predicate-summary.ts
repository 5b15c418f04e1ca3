// One-line wording of a branch predicate, `cart_value > 50`: the branch card's summary and
// the run log's decision lines share it.
import { formatDuration } from "@mailstream/journey/durations";
import type { Predicate, PropertyFilter } from "@mailstream/journey/schema";

const OP_SYMBOLS: Record<PropertyFilter["op"], string> = {
  eq: "=",
  neq: "≠",
  contains: "contains",
  eq_any_case: "= (any case)",
  contains_any_case: "contains (any case)",
  gt: ">",
  lt: "<",
  exists: "exists",
  not_exists: "is missing",
};

function formatValue(value: PropertyFilter["value"]): string {
  return typeof value === "string" ? `"${value}"` : String(value ?? "");
}

function formatComparison(path: string, op: PropertyFilter["op"], value: PropertyFilter["value"]): string {
  const subject = path.trim() || "…";
  return op === "exists" || op === "not_exists"
    ? `${subject} ${OP_SYMBOLS[op]}`
    : `${subject} ${OP_SYMBOLS[op]} ${formatValue(value)}`;
}

export function summarizePredicate(p: Predicate): string {
  switch (p.type) {
    case "trait":
      return formatComparison(p.path, p.op, p.value);
    case "trigger":
      return formatComparison(p.path, p.op, p.value);
    case "event_count": {
      const cmp = { at_least: "≥", at_most: "≤", exactly: "=" }[p.comparison];
      return `${p.event || "…"} ${cmp} ${p.count}× in ${formatDuration(p.within)}`;
    }
    case "not_performed_since_entry":
      return `no ${p.event || "…"} since entry`;
    case "email_engagement":
      return `${p.action} ${p.nodeId || "…"}`;
    case "segment":
      return `${p.isMember ? "in" : "not in"} segment ${p.segmentId || "…"}`;
    case "matched_event":
      return `${p.nodeId || "…"} matched ${formatComparison(p.path, p.op, p.value)}`;
  }
}
