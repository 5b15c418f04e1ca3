// The cases that pin down what "any case" means (`eq_any_case`, `contains_any_case`). Every
// place that evaluates filters runs them: the pure filter tests, and segment membership
// through real Postgres (jsonb traits read back, then evaluated), so the two cannot drift.
import type { FilterOp } from "./primitives";

export interface AnyCaseCase {
  actual: string | number | boolean;
  op: Extract<FilterOp, "eq_any_case" | "contains_any_case">;
  value: string | number | boolean;
  matches: boolean;
}

export const ANY_CASE_CASES: readonly AnyCaseCase[] = [
  { actual: "Pro", op: "eq_any_case", value: "pro", matches: true },
  { actual: "PRO", op: "eq_any_case", value: "Pro", matches: true },
  { actual: "pro ", op: "eq_any_case", value: "pro", matches: false },
  { actual: "Straße", op: "eq_any_case", value: "STRASSE", matches: true },
  { actual: "STRAẞE", op: "eq_any_case", value: "straße", matches: true },
  { actual: "ΟΔΟΣ", op: "eq_any_case", value: "οδος", matches: true },
  { actual: "İstanbul", op: "eq_any_case", value: "i̇stanbul", matches: true },
  { actual: "İstanbul", op: "eq_any_case", value: "istanbul", matches: false },
  { actual: "Café", op: "eq_any_case", value: "CAFÉ", matches: true },
  // NFC first: "e" + combining acute equals the precomposed "é".
  { actual: "Cafe\u0301", op: "eq_any_case", value: "café", matches: true },
  { actual: "Café", op: "eq_any_case", value: "cafe", matches: false },
  { actual: 42, op: "eq_any_case", value: "42", matches: true },
  { actual: true, op: "eq_any_case", value: "TRUE", matches: true },
  { actual: "Weekly Newsletter", op: "contains_any_case", value: "NEWS", matches: true },
  { actual: "Hauptstraße 5", op: "contains_any_case", value: "STRASSE", matches: true },
  { actual: "Weekly", op: "contains_any_case", value: "monthly", matches: false },
];
