"use client";
// An amount + unit pair (wait durations, timeouts, offsets, look-back windows). The typed
// text is kept locally so an empty or half-typed box never stores NaN. A field with a `check`
// (the waits') stores whatever is typed, an emptied box as 0, so the graph's validation flags
// the node and Problems lists it, instead of the node showing the last good value.
import { useState } from "react";
import { DURATION_UNITS, type Duration } from "@mailstream/journey/schema";
import jc from "@/components/canvas/journey-editor.module.css";

interface DurationFieldsProps {
  idPrefix: string;
  /** Label of the amount box, e.g. "Wait for" or "Timeout". */
  label: string;
  /** Label of the unit select; defaults to "Unit". */
  unitLabel?: string;
  value: Duration;
  onChange: (duration: Duration) => void;
  /** Offsets may be zero or negative; pauses and timeouts may not. */
  allowNonPositive?: boolean;
  /** The graph's own rule for this duration (a problem, or null): every amount is stored and this names what is wrong. */
  check?: (duration: Duration) => string | null;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function DurationFields({
  idPrefix,
  label,
  unitLabel = "Unit",
  value,
  onChange,
  allowNonPositive = false,
  check,
}: DurationFieldsProps) {
  const [amountText, setAmountText] = useState(() => String(value.amount));
  const isAcceptable = (text: string) => {
    const n = Number(text);
    return text.trim() !== "" && Number.isFinite(n) && (allowNonPositive || n > 0);
  };
  const problem = check ? check(value) : null;
  const isValid = check ? problem === null && amountText.trim() !== "" : isAcceptable(amountText);
  const hint = check
    ? amountText.trim() === ""
      ? "Enter a number."
      : capitalize(problem ?? "")
    : allowNonPositive
      ? "Enter a number."
      : "Enter a number above 0.";
  const store = (text: string) => {
    if (check) onChange({ ...value, amount: text.trim() === "" ? 0 : Number(text) });
    else if (isAcceptable(text)) onChange({ ...value, amount: Number(text) });
  };
  return (
    <>
      <div className={jc.fieldRow}>
        <div className={jc.field}>
          <label htmlFor={`${idPrefix}-amount`}>{label}</label>
          <input
            id={`${idPrefix}-amount`}
            className={`nodrag ${jc.input}`}
            type="number"
            min={allowNonPositive ? undefined : 1}
            // The waits take fractions that come to whole seconds (1.5 hours); their check says so.
            step={check ? "any" : 1}
            value={amountText}
            aria-invalid={!isValid}
            aria-describedby={isValid ? undefined : `${idPrefix}-amount-error`}
            onChange={(e) => {
              setAmountText(e.target.value);
              store(e.target.value);
            }}
          />
        </div>
        <div className={jc.field}>
          <label htmlFor={`${idPrefix}-unit`}>{unitLabel}</label>
          <select
            id={`${idPrefix}-unit`}
            className={`nodrag ${jc.input}`}
            value={value.unit}
            onChange={(e) => onChange({ ...value, unit: e.target.value as Duration["unit"] })}
          >
            {DURATION_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {unit}
              </option>
            ))}
          </select>
        </div>
      </div>
      {!isValid && (
        <p id={`${idPrefix}-amount-error`} className={jc.fieldError}>
          {hint}
        </p>
      )}
    </>
  );
}
