"use client";
// An amount + unit pair (wait durations, timeouts, offsets, look-back windows). The typed
// text is kept locally so an empty or half-typed box never stores NaN.
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
}

export function DurationFields({
  idPrefix,
  label,
  unitLabel = "Unit",
  value,
  onChange,
  allowNonPositive = false,
}: DurationFieldsProps) {
  const [amountText, setAmountText] = useState(() => String(value.amount));
  const isAcceptable = (text: string) => {
    const n = Number(text);
    return text.trim() !== "" && Number.isFinite(n) && (allowNonPositive || n > 0);
  };
  const isValid = isAcceptable(amountText);
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
            step={1}
            value={amountText}
            aria-invalid={!isValid}
            aria-describedby={isValid ? undefined : `${idPrefix}-amount-error`}
            onChange={(e) => {
              setAmountText(e.target.value);
              if (isAcceptable(e.target.value)) onChange({ ...value, amount: Number(e.target.value) });
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
          {allowNonPositive ? "Enter a number." : "Enter a number above 0."}
        </p>
      )}
    </>
  );
}
