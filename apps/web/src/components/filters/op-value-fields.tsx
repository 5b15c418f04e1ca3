"use client";
// The operator select and value input of a comparison (a property filter row, a branch or
// segment predicate on a trait or property). The value text is kept as typed ("1." mid-typing)
// while the parsed value is reported; an operator that takes no value empties and disables it.
import { useState, type ReactNode } from "react";
import { SuggestInput, type SuggestSource } from "./suggest-input";
import {
  FILTER_OPS,
  formatFilterValue,
  opTakesValue,
  parseFilterValue,
  type FilterOp,
  type FilterValue,
} from "./filter-value";

interface OpValueFieldsProps {
  op: FilterOp;
  value: FilterValue;
  onChange: (next: { op: FilterOp; value: FilterValue }) => void;
  className: string;
  /** How each control is named: its `id` (for a `<label>`) or its `aria-label`. */
  opAttrs: { id?: string; "aria-label"?: string };
  valueAttrs: { id?: string; "aria-label"?: string };
  /** Rendered between the two controls (the value's visually hidden label). */
  beforeValue?: ReactNode;
  /** Where seen values come from (the path being compared), or none. */
  valueSource?: SuggestSource | null;
}

export function OpValueFields({
  op,
  value,
  onChange,
  className,
  opAttrs,
  valueAttrs,
  beforeValue,
  valueSource = null,
}: OpValueFieldsProps) {
  const [valueText, setValueText] = useState(() => formatFilterValue(value));
  const takesValue = opTakesValue(op);
  return (
    <>
      <select
        {...opAttrs}
        className={className}
        value={op}
        onChange={(e) => {
          const nextOp = e.target.value as FilterOp;
          onChange({ op: nextOp, value: parseFilterValue(valueText, nextOp) });
        }}
      >
        {FILTER_OPS.map((o) => (
          <option key={o.op} value={o.op}>
            {o.label}
          </option>
        ))}
      </select>
      {beforeValue}
      <SuggestInput
        {...valueAttrs}
        className={className}
        value={takesValue ? valueText : ""}
        disabled={!takesValue}
        placeholder={takesValue ? "value" : "—"}
        source={takesValue ? valueSource : null}
        onChange={(text) => {
          setValueText(text);
          onChange({ op, value: parseFilterValue(text, op) });
        }}
      />
    </>
  );
}
