"use client";
// Inspector form for a wait: how long the run pauses before the next step.
import { useId, useState } from "react";
import { DURATION_UNITS, type Duration } from "@mailstream/journey/schema";
import type { NodeDataOf } from "./node-kinds";

interface WaitFormProps {
  data: NodeDataOf<"wait">;
  onChange: (data: NodeDataOf<"wait">) => void;
}

export function WaitForm({ data, onChange }: WaitFormProps) {
  const id = useId();
  // Typed text is kept locally so an empty or half-typed box does not store NaN.
  const [amountText, setAmountText] = useState(() => String(data.duration.amount));
  const amount = Number(amountText);
  const isAmountValid = amountText.trim() !== "" && Number.isFinite(amount) && amount > 0;
  const setDuration = (duration: Duration) => onChange({ ...data, duration });

  return (
    <div className="jc-form">
      <div className="jc-field-row">
        <div className="jc-field">
          <label htmlFor={`${id}-amount`}>Wait for</label>
          <input
            id={`${id}-amount`}
            className="nodrag jc-input"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={amountText}
            aria-invalid={!isAmountValid}
            aria-describedby={isAmountValid ? undefined : `${id}-amount-error`}
            onChange={(e) => {
              setAmountText(e.target.value);
              const next = Number(e.target.value);
              if (e.target.value.trim() !== "" && Number.isFinite(next) && next > 0) {
                setDuration({ ...data.duration, amount: next });
              }
            }}
          />
        </div>
        <div className="jc-field">
          <label htmlFor={`${id}-unit`}>Unit</label>
          <select
            id={`${id}-unit`}
            className="nodrag jc-input"
            value={data.duration.unit}
            onChange={(e) => setDuration({ ...data.duration, unit: e.target.value as Duration["unit"] })}
          >
            {DURATION_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {unit}
              </option>
            ))}
          </select>
        </div>
      </div>
      {!isAmountValid && (
        <p id={`${id}-amount-error`} className="jc-field-error">
          Enter a number above 0.
        </p>
      )}
      <p className="jc-help">The run sleeps durably: restarts and deploys do not cut the wait short.</p>
    </div>
  );
}
