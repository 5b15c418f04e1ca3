// One-line summaries of the richer node kinds, shown on the canvas card:
// `Wait until checkout_completed · 1 hour`, `If cart_value > 50`, `Split A 50% · B 50%`.
import type { z } from "zod";
import { formatDuration } from "@mailstream/journey/durations";
import type {
  Predicate,
  PropertyFilter,
  WaitNodeData,
  ZBranchNodeDataSchema,
  ZSplitNodeDataSchema,
  ZUpdateContactNodeDataSchema,
  ZWebhookNodeDataSchema,
} from "@mailstream/journey/schema";

export type BranchData = z.infer<typeof ZBranchNodeDataSchema>;
export type SplitData = z.infer<typeof ZSplitNodeDataSchema>;
export type WebhookData = z.infer<typeof ZWebhookNodeDataSchema>;
export type UpdateContactData = z.infer<typeof ZUpdateContactNodeDataSchema>;


const OP_SYMBOLS: Record<PropertyFilter["op"], string> = {
  eq: "=",
  neq: "≠",
  contains: "contains",
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
  return op === "exists" || op === "not_exists" ? `${subject} ${OP_SYMBOLS[op]}` : `${subject} ${OP_SYMBOLS[op]} ${formatValue(value)}`;
}

export function summarizeWait(data: WaitNodeData): string {
  switch (data.mode ?? "duration") {
    case "duration":
      return `Wait ${formatDuration(data.duration)}`;
    case "until_time": {
      const t = data.untilTime;
      if (!t?.time) return "Choose a time of day";
      const days = t.weekdays.length === 0 || t.weekdays.length === 7 ? "any day" : t.weekdays.map(capitalize).join(", ");
      return `Until ${t.time} · ${days}`;
    }
    case "until_date": {
      const d = data.untilDate;
      if (!d?.path.trim()) return "Choose a date field";
      const offset = d.offset.amount === 0 ? "" : ` ${d.offset.amount > 0 ? "+" : "−"} ${formatDuration({ ...d.offset, amount: Math.abs(d.offset.amount) })}`;
      return `Until ${d.source === "trait" ? "trait" : "event"} ${d.path}${offset}`;
    }
    case "until_event": {
      const e = data.untilEvent;
      if (!e?.event.trim()) return "Choose an event to wait for";
      return `Wait until ${e.event} · ${formatDuration(e.timeout)}`;
    }
  }
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

export function summarizeBranch(data: BranchData): string {
  if (data.cases && data.cases.length > 0) {
    return `${data.cases.map((c, i) => c.name.trim() || `Case ${i + 1}`).join(" · ")} · else`;
  }
  const predicates = data.condition.groups.flatMap((g) => g.predicates);
  const first = predicates[0];
  if (!first) return "Add a condition";
  const more = predicates.length - 1;
  return `If ${summarizePredicate(first)}${more > 0 ? ` +${more} more` : ""}`;
}

export function summarizeSplit(data: SplitData): string {
  if (data.variants.length === 0) return "Add variants";
  const parts = data.variants.map((v) => `${v.name || v.id} ${v.weight}%`);
  if (data.holdoutPercent > 0) parts.push(`hold-out ${data.holdoutPercent}%`);
  if (data.autoWinner?.enabled) parts.push(`auto winner at ${Math.round(data.autoWinner.confidence * 1000) / 10}%`);
  return `Split ${parts.join(" · ")}`;
}

export function summarizeWebhook(data: WebhookData): string {
  return data.url.trim() ? `${data.method} ${data.url}` : "Enter a URL";
}

export function summarizeUpdateContact(data: UpdateContactData): string {
  const first = data.updates[0];
  if (!first) return "Add a trait to set";
  const text = first.op === "set" ? `Set ${first.trait || "…"} = ${JSON.stringify(first.value)}` : `Unset ${first.trait || "…"}`;
  return data.updates.length > 1 ? `${text} +${data.updates.length - 1} more` : text;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
