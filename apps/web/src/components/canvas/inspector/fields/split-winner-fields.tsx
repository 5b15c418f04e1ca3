"use client";
// The split's automatic-winner settings: off by default; when on, the metric, confidence and
// minimum sample per variant the sequential test needs, and the unsubscribe / complaint
// guardrails (relative to the other variants, or absolute caps). Publish validates them.
import { useId } from "react";
import {
  DEFAULT_SPLIT_AUTO_WINNER,
  SPLIT_WINNER_METRICS,
  type SplitAutoWinner,
  type SplitWinnerMetric,
} from "@mailstream/journey/schema";
import jc from "@/components/canvas/journey-editor.module.css";
import { CheckField } from "./check-field";

const METRIC_LABELS: Record<SplitWinnerMetric, string> = {
  goal_conversion: "Goal conversion",
  open_rate: "Open rate",
  click_rate: "Click rate",
};

function numberOr(text: string, fallback: number): number {
  const n = Number(text);
  return text.trim() === "" || !Number.isFinite(n) ? fallback : n;
}

/** A rate stored as a fraction, edited as a percentage. */
function PercentInput({
  id,
  label,
  step,
  rate,
  onChange,
}: {
  id?: string;
  label: string;
  step: number;
  rate: number;
  onChange: (rate: number) => void;
}) {
  return (
    <input
      id={id}
      aria-label={label}
      className={`nodrag ${jc.input}`}
      type="number"
      step={step}
      value={rate * 100}
      onChange={(e) => onChange(numberOr(e.target.value, 0) / 100)}
    />
  );
}

export function SplitWinnerFields(props: {
  value: SplitAutoWinner | undefined;
  onChange: (value: SplitAutoWinner) => void;
}) {
  const id = useId();
  const value = props.value ?? DEFAULT_SPLIT_AUTO_WINNER;
  const set = (patch: Partial<SplitAutoWinner>) => props.onChange({ ...value, ...patch });
  const setGuardrails = (patch: Partial<SplitAutoWinner["guardrails"]>) =>
    set({ guardrails: { ...value.guardrails, ...patch } });
  return (
    <fieldset className={jc.fieldset} data-testid="split-auto-winner">
      <legend>Automatic winner</legend>
      <CheckField checked={value.enabled} onCheck={(checked) => set({ enabled: checked })}>
        Pick a winner automatically
      </CheckField>
      {value.enabled ? (
        <>
          <div className={jc.field}>
            <label htmlFor={`${id}-metric`}>Metric</label>
            <select
              id={`${id}-metric`}
              className={`nodrag ${jc.input}`}
              value={value.metric}
              onChange={(e) => set({ metric: e.target.value as SplitWinnerMetric })}
            >
              {SPLIT_WINNER_METRICS.map((m) => (
                <option key={m} value={m}>
                  {METRIC_LABELS[m]}
                </option>
              ))}
            </select>
          </div>
          <div className={jc.field}>
            <label htmlFor={`${id}-confidence`}>Confidence</label>
            <select
              id={`${id}-confidence`}
              className={`nodrag ${jc.input}`}
              value={value.confidence}
              onChange={(e) => set({ confidence: Number(e.target.value) })}
            >
              {[0.9, 0.95, 0.99].map((c) => (
                <option key={c} value={c}>
                  {c * 100}%
                </option>
              ))}
            </select>
          </div>
          <div className={jc.field}>
            <label htmlFor={`${id}-min`}>Minimum contacts per variant</label>
            <input
              id={`${id}-min`}
              className={`nodrag ${jc.input}`}
              type="number"
              min={10}
              value={value.minSamplePerArm}
              onChange={(e) => set({ minSamplePerArm: numberOr(e.target.value, 0) })}
            />
          </div>
          <div className={jc.field}>
            <label htmlFor={`${id}-guard`}>Guardrails (unsubscribes, complaints)</label>
            <select
              id={`${id}-guard`}
              className={`nodrag ${jc.input}`}
              value={value.guardrails.mode}
              onChange={(e) => setGuardrails({ mode: e.target.value as "relative" | "absolute" })}
            >
              <option value="relative">No worse than the other variants by more than…</option>
              <option value="absolute">Below fixed rates</option>
            </select>
          </div>
          {value.guardrails.mode === "relative" ? (
            <div className={jc.field}>
              <label htmlFor={`${id}-increase`}>Allowed increase %</label>
              <input
                id={`${id}-increase`}
                className={`nodrag ${jc.input}`}
                type="number"
                min={0}
                value={Math.round(value.guardrails.maxIncrease * 100)}
                onChange={(e) => setGuardrails({ maxIncrease: numberOr(e.target.value, 0) / 100 })}
              />
            </div>
          ) : (
            <div className={jc.field}>
              <label htmlFor={`${id}-unsub`}>Max unsubscribe % · max complaint %</label>
              <div className={jc.fieldRow}>
                <PercentInput
                  id={`${id}-unsub`}
                  label="Max unsubscribe rate %"
                  step={0.1}
                  rate={value.guardrails.maxUnsubscribeRate}
                  onChange={(maxUnsubscribeRate) => setGuardrails({ maxUnsubscribeRate })}
                />
                <PercentInput
                  label="Max complaint rate %"
                  step={0.01}
                  rate={value.guardrails.maxComplaintRate}
                  onChange={(maxComplaintRate) => setGuardrails({ maxComplaintRate })}
                />
              </div>
            </div>
          )}
          <p className={jc.help}>
            Checked every minute with a sequential test that stays valid however often it looks. Once a winner is
            recorded, later contacts take it; the hold-out is still held out.
          </p>
        </>
      ) : null}
    </fieldset>
  );
}
