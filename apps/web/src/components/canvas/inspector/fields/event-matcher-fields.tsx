"use client";
// An event name plus property filters: the goal and each exit criterion of the journey
// settings (the trigger and wait forms lay out the same pieces their own way).
import type { EventMatcher, PropertyFilter } from "@mailstream/journey/schema";
import { FilterRow } from "@/components/canvas/inspector/trigger-form";

interface EventMatcherFieldsProps {
  idPrefix: string;
  /** Prefixes every label so each box has a unique accessible name, e.g. "Goal" or "Exit criterion 2". */
  name: string;
  value: EventMatcher;
  placeholder: string;
  onChange: (value: EventMatcher) => void;
}

export function EventMatcherFields({ idPrefix, name, value, placeholder, onChange }: EventMatcherFieldsProps) {
  const setFilters = (filters: PropertyFilter[]) => onChange({ ...value, filters });
  return (
    <>
      <div className="jc-field">
        <label htmlFor={`${idPrefix}-event`}>{`${name} event`}</label>
        <input
          id={`${idPrefix}-event`}
          className="nodrag jc-input"
          value={value.event}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange({ ...value, event: e.target.value })}
        />
      </div>
      {value.filters.map((filter, index) => (
        <FilterRow
          // Rows are only appended or removed; removal remounts the rest (see trigger-form).
          key={`${index}:${value.filters.length}`}
          idPrefix={`${idPrefix}-filter-${index}`}
          number={index + 1}
          filter={filter}
          onChange={(patch) => setFilters(value.filters.map((f, i) => (i === index ? { ...f, ...patch } : f)))}
          onRemove={() => setFilters(value.filters.filter((_, i) => i !== index))}
        />
      ))}
      <button
        type="button"
        className="nodrag jc-button jc-button--ghost jc-button--small jc-self-start"
        aria-label={`Add ${name.toLowerCase()} filter`}
        onClick={() => setFilters([...value.filters, { path: "properties.", op: "eq", value: undefined }])}
      >
        + Add filter
      </button>
    </>
  );
}
