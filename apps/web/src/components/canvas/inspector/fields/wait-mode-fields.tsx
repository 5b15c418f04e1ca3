"use client";
// The per-mode field sets of the wait form (see wait-form.tsx).
import {
  WEEKDAYS,
  type PropertyFilter,
  type UntilDate,
  type UntilEvent,
  type UntilTime,
} from "@mailstream/journey/schema";
import { waitDurationProblem } from "@mailstream/journey/durations";
import { useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import { DurationFields } from "./duration-fields";
import { PropertyFilterRows } from "@/components/filters/property-filter-rows";
import { SuggestInput } from "@/components/filters/suggest-input";
import jc from "@/components/canvas/journey-editor.module.css";
import { CheckField } from "./check-field";

const WEEKDAY_LABELS: Record<(typeof WEEKDAYS)[number], string> = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun",
};

interface FieldsProps<T> {
  idPrefix: string;
  value: T;
  onChange: (value: T) => void;
}

export function UntilTimeFields({ idPrefix, value, onChange }: FieldsProps<UntilTime>) {
  const toggle = (day: (typeof WEEKDAYS)[number], on: boolean) =>
    onChange({ ...value, weekdays: WEEKDAYS.filter((d) => (d === day ? on : value.weekdays.includes(d))) });
  return (
    <>
      <div className={jc.field}>
        <label htmlFor={`${idPrefix}-time`}>Time of day</label>
        <input
          id={`${idPrefix}-time`}
          className={`nodrag ${jc.input}`}
          type="time"
          value={value.time}
          onChange={(e) => onChange({ ...value, time: e.target.value })}
        />
      </div>
      <fieldset className={jc.fieldset}>
        <legend>On</legend>
        <div className={jc.weekdays}>
          {WEEKDAYS.map((day) => (
            <label key={day} className={jc.weekday}>
              <input
                type="checkbox"
                className="nodrag"
                checked={value.weekdays.includes(day)}
                onChange={(e) => toggle(day, e.target.checked)}
              />
              {WEEKDAY_LABELS[day]}
            </label>
          ))}
        </div>
        <p className={jc.help}>No day ticked means any day. Times are in the contact&apos;s time zone.</p>
      </fieldset>
    </>
  );
}

export function UntilDateFields({ idPrefix, value, onChange }: FieldsProps<UntilDate>) {
  return (
    <>
      <div className={jc.fieldRow}>
        <div className={jc.field}>
          <label htmlFor={`${idPrefix}-source`}>Date from</label>
          <select
            id={`${idPrefix}-source`}
            className={`nodrag ${jc.input}`}
            value={value.source}
            onChange={(e) => onChange({ ...value, source: e.target.value as UntilDate["source"] })}
          >
            <option value="trait">Contact trait</option>
            <option value="trigger">Trigger event</option>
          </select>
        </div>
        <div className={jc.field}>
          <label htmlFor={`${idPrefix}-path`}>Date path</label>
          <input
            id={`${idPrefix}-path`}
            className={`nodrag ${jc.input}`}
            value={value.path}
            placeholder={value.source === "trait" ? "renewal_date" : "properties.starts_at"}
            spellCheck={false}
            onChange={(e) => onChange({ ...value, path: e.target.value })}
          />
        </div>
      </div>
      <DurationFields
        idPrefix={`${idPrefix}-offset`}
        label="Offset"
        unitLabel="Offset unit"
        allowNonPositive
        check={(offset) => waitDurationProblem(offset, { isSigned: true })}
        value={value.offset}
        onChange={(offset) => onChange({ ...value, offset })}
      />
      <p className={jc.help}>A negative offset wakes the run before the date (e.g. −3 days before renewal).</p>
    </>
  );
}

export function UntilEventFields({ idPrefix, value, onChange }: FieldsProps<UntilEvent>) {
  // The trigger's entry key path, if it has one; matching on it needs one.
  const entryKey = useCanvasStore((s) => s.entryKey);
  const setFilters = (filters: PropertyFilter[]) => onChange({ ...value, filters });
  return (
    <>
      <div className={jc.field}>
        <label htmlFor={`${idPrefix}-event`}>Wait for event</label>
        <SuggestInput
          id={`${idPrefix}-event`}
          className={`nodrag ${jc.input}`}
          value={value.event}
          placeholder="checkout_completed"
          source={{ kind: "event" }}
          onChange={(event) => onChange({ ...value, event })}
        />
      </div>
      <fieldset className={jc.fieldset}>
        <legend>Only when</legend>
        <PropertyFilterRows
          idPrefix={`${idPrefix}-wfilter`}
          filters={value.filters}
          event={value.event}
          onChange={setFilters}
        />
      </fieldset>
      <CheckField
        checked={value.matchOnEntryKey}
        disabled={!entryKey && !value.matchOnEntryKey}
        describedBy={`${idPrefix}-entry-key-help`}
        onCheck={(checked) => onChange({ ...value, matchOnEntryKey: checked })}
      >
        Only events with the same entry key
      </CheckField>
      <p id={`${idPrefix}-entry-key-help`} className={jc.help}>
        {entryKey ? (
          <>
            Counts only events whose <code>{entryKey}</code> equals the one the run entered with.
          </>
        ) : (
          "Set an entry key on the trigger (e.g. properties.cart_id) to match events of the same cart only."
        )}
      </p>
      <DurationFields
        idPrefix={`${idPrefix}-timeout`}
        label="Timeout"
        unitLabel="Timeout unit"
        check={waitDurationProblem}
        value={value.timeout}
        onChange={(timeout) => onChange({ ...value, timeout })}
      />
      <p className={jc.help}>
        If the event arrives first the run takes the <b>matched</b> outlet; otherwise <b>timed out</b> after the
        timeout.
      </p>
    </>
  );
}
