"use client";
// An event name plus property filters: the goal and each exit criterion of the journey
// settings (the trigger and wait forms lay out the same pieces their own way).
import type { EventMatcher, PropertyFilter } from "@mailstream/journey/schema";
import { PropertyFilterRows } from "@/components/filters/property-filter-rows";
import { SuggestInput } from "@/components/filters/suggest-input";
import jc from "@/components/canvas/journey-editor.module.css";

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
      <div className={jc.field}>
        <label htmlFor={`${idPrefix}-event`}>{`${name} event`}</label>
        <SuggestInput
          id={`${idPrefix}-event`}
          className={`nodrag ${jc.input}`}
          value={value.event}
          placeholder={placeholder}
          source={{ kind: "event" }}
          onChange={(event) => onChange({ ...value, event })}
        />
      </div>
      <PropertyFilterRows
        idPrefix={`${idPrefix}-filter`}
        filters={value.filters}
        event={value.event}
        addLabel={`Add ${name.toLowerCase()} filter`}
        onChange={setFilters}
      />
    </>
  );
}
