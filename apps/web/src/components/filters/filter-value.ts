// How a property filter's value is typed in a text box and stored: numbers and true/false
// are matched as such; quoting ("42") forces text. `contains` always matches text.
import type { PropertyFilter } from "@mailstream/journey/schema";

export type FilterOp = PropertyFilter["op"];
export type FilterValue = PropertyFilter["value"];

export const FILTER_OPS: readonly { op: FilterOp; label: string; takesValue: boolean }[] = [
  { op: "eq", label: "equals", takesValue: true },
  { op: "neq", label: "does not equal", takesValue: true },
  { op: "contains", label: "contains", takesValue: true },
  { op: "gt", label: "is greater than", takesValue: true },
  { op: "lt", label: "is less than", takesValue: true },
  { op: "exists", label: "exists", takesValue: false },
  { op: "not_exists", label: "does not exist", takesValue: false },
];

export function opTakesValue(op: FilterOp): boolean {
  return FILTER_OPS.find((o) => o.op === op)?.takesValue ?? true;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

export function parseFilterValue(text: string, op: FilterOp): FilterValue {
  if (!opTakesValue(op)) return undefined;
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const quoted = /^"(.*)"$/.exec(trimmed);
  if (quoted) return quoted[1];
  if (op === "contains") return trimmed;
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (NUMBER.test(trimmed)) return Number(trimmed);
  return trimmed;
}

export function formatFilterValue(value: FilterValue): string {
  if (value === undefined) return "";
  if (typeof value !== "string") return String(value);
  // Text that would read back as a number or boolean keeps its quotes.
  return NUMBER.test(value.trim()) || value === "true" || value === "false" ? `"${value}"` : value;
}
