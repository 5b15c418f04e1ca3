"use client";
// Inspector form for a wait: a mode select, then the fields of that mode — a duration;
// a time of day on chosen weekdays; a date from a trait or event property ± offset; the
// contact's best send time (with a fallback time); or an
// event to wait for, with a timeout (outlets `matched` / `timed_out`).
import { useId } from "react";
import { waitDurationProblem } from "@mailstream/journey/durations";
import { WAIT_MODES, type WaitMode } from "@mailstream/journey/schema";
import { DurationFields } from "@/components/canvas/inspector/fields/duration-fields";
import type { NodeDataOf } from "@/components/canvas/kinds/canvas-kind";
import {
  UntilDateFields,
  UntilEventFields,
  UntilTimeFields,
} from "@/components/canvas/inspector/fields/wait-mode-fields";
import { UntilBestTimeFields } from "@/components/canvas/inspector/fields/until-best-time-fields";
import jc from "@/components/canvas/journey-editor.module.css";

type WaitData = NodeDataOf<"wait">;

const MODE_LABELS: Record<WaitMode, string> = {
  duration: "For a duration",
  until_time: "Until a time of day",
  until_date: "Until a date",
  until_best_time: "Until the contact's best time",
  until_event: "Until an event (or timeout)",
};

interface WaitFormProps {
  data: WaitData;
  onChange: (data: WaitData) => void;
}

/** Fills in the chosen mode's config with defaults the first time it is picked. */
function withMode(data: WaitData, mode: WaitMode): WaitData {
  return {
    ...data,
    mode,
    untilTime: mode === "until_time" ? (data.untilTime ?? { time: "09:00", weekdays: [] }) : data.untilTime,
    untilDate:
      mode === "until_date"
        ? (data.untilDate ?? { source: "trait", path: "", offset: { amount: 0, unit: "days" } })
        : data.untilDate,
    untilBestTime: mode === "until_best_time" ? (data.untilBestTime ?? { fallbackTime: "09:00" }) : data.untilBestTime,
    untilEvent:
      mode === "until_event"
        ? (data.untilEvent ?? { event: "", filters: [], matchOnEntryKey: false, timeout: { amount: 1, unit: "hours" } })
        : data.untilEvent,
  };
}

export function WaitForm({ data, onChange }: WaitFormProps) {
  const id = useId();
  const mode = data.mode ?? "duration";
  return (
    <div className={jc.form}>
      <div className={jc.field}>
        <label htmlFor={`${id}-mode`}>Wait mode</label>
        <select
          id={`${id}-mode`}
          className={`nodrag ${jc.input}`}
          value={mode}
          onChange={(e) => onChange(withMode(data, e.target.value as WaitMode))}
        >
          {WAIT_MODES.map((m) => (
            <option key={m} value={m}>
              {MODE_LABELS[m]}
            </option>
          ))}
        </select>
      </div>
      {mode === "duration" && (
        <>
          <DurationFields
            idPrefix={`${id}-duration`}
            label="Wait for"
            check={waitDurationProblem}
            value={data.duration}
            onChange={(duration) => onChange({ ...data, duration })}
          />
          <p className={jc.help}>The run sleeps durably: restarts and deploys do not cut the wait short.</p>
        </>
      )}
      {mode === "until_time" && data.untilTime && (
        <UntilTimeFields
          idPrefix={id}
          value={data.untilTime}
          onChange={(untilTime) => onChange({ ...data, untilTime })}
        />
      )}
      {mode === "until_date" && data.untilDate && (
        <UntilDateFields
          idPrefix={id}
          value={data.untilDate}
          onChange={(untilDate) => onChange({ ...data, untilDate })}
        />
      )}
      {mode === "until_best_time" && data.untilBestTime && (
        <UntilBestTimeFields
          idPrefix={id}
          value={data.untilBestTime}
          onChange={(untilBestTime) => onChange({ ...data, untilBestTime })}
        />
      )}
      {mode === "until_event" && data.untilEvent && (
        <UntilEventFields
          idPrefix={id}
          value={data.untilEvent}
          onChange={(untilEvent) => onChange({ ...data, untilEvent })}
        />
      )}
    </div>
  );
}
