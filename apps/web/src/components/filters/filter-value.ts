// How a property filter's value is typed in a text box and stored: numbers and true/false
// are matched as such; quoting ("42") forces text. `contains` and the any-case operators
// always match text.
import { FILTER_OP_INFO, opTakesValue, type PropertyFilter } from "@mailstream/journey/schema";

export type FilterOp = PropertyFilter["op"];
export type FilterValue = PropertyFilter["value"];
export { opTakesValue };

/** The operator select's options, in the order the journey package lists their labels. */
export const FILTER_OPS: readonly { op: FilterOp; label: string; takesValue: boolean }[] = (
  Object.entries(FILTER_OP_INFO) as [FilterOp, { label: string; takesValue: boolean }][]
).map(([op, info]) => ({ op, ...info }));

const TEXT_OPS: ReadonlySet<FilterOp> = new Set(["contains", "contains_any_case", "eq_any_case"]);

const NUMBER = /^-?\d+(\.\d+)?$/;

export function parseFilterValue(text: string, op: FilterOp): FilterValue {
  if (!opTakesValue(op)) return undefined;
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const quoted = /^"(.*)"$/.exec(trimmed);
  if (quoted) return quoted[1];
  if (TEXT_OPS.has(op)) return trimmed;
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
