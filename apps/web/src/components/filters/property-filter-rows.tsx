"use client";
// The one editor for a list of property filters (path, operator, value): journey triggers,
// until-event waits, goal and exit events, and computed trait definitions all use it.
import type { PropertyFilter } from "@mailstream/journey/schema";
import { OpValueFields } from "./op-value-fields";
import { SuggestInput } from "./suggest-input";
import styles from "./property-filter-rows.module.css";
import u from "@/components/ui/utility.module.css";

/** A new row: most filters test an event property. */
const NEW_FILTER: PropertyFilter = { path: "properties.", op: "eq", value: undefined };

interface PropertyFilterRowsProps {
  /** Unique per list: prefixes the ids the rows' labels point at. */
  idPrefix: string;
  filters: readonly PropertyFilter[];
  onChange: (filters: PropertyFilter[]) => void;
  /** Accessible name of the add button when a form holds several lists (e.g. "Add goal filter"). */
  addLabel?: string;
  /** The event the filters test: paths and values are suggested from what it has carried. */
  event?: string;
}

export function PropertyFilterRows({ idPrefix, filters, onChange, addLabel, event }: PropertyFilterRowsProps) {
  return (
    <div className={styles.rows}>
      {filters.map((filter, index) => (
        <FilterRow
          // Index keys are fine: rows are only appended or removed, and removal remounts the rest.
          key={`${index}:${filters.length}`}
          idPrefix={`${idPrefix}-${index}`}
          number={index + 1}
          filter={filter}
          event={event?.trim() || null}
          onChange={(patch) => onChange(filters.map((f, i) => (i === index ? { ...f, ...patch } : f)))}
          onRemove={() => onChange(filters.filter((_, i) => i !== index))}
        />
      ))}
      <button
        type="button"
        className={`nodrag ${styles.add}`}
        aria-label={addLabel}
        onClick={() => onChange([...filters, NEW_FILTER])}
      >
        + Add filter
      </button>
    </div>
  );
}

interface FilterRowProps {
  idPrefix: string;
  number: number;
  filter: PropertyFilter;
  event: string | null;
  onChange: (patch: Partial<PropertyFilter>) => void;
  onRemove: () => void;
}

function FilterRow({ idPrefix, number, filter, event, onChange, onRemove }: FilterRowProps) {
  return (
    <div className={styles.row}>
      <label htmlFor={`${idPrefix}-path`} className={u.srOnly}>{`Filter ${number} property`}</label>
      <SuggestInput
        id={`${idPrefix}-path`}
        className={`nodrag ${styles.input}`}
        value={filter.path}
        placeholder="properties.plan"
        source={{ kind: "event_path", event }}
        onChange={(path) => onChange({ path })}
      />
      <label htmlFor={`${idPrefix}-op`} className={u.srOnly}>{`Filter ${number} operator`}</label>
      <OpValueFields
        op={filter.op}
        value={filter.value}
        className={`nodrag ${styles.input}`}
        opAttrs={{ id: `${idPrefix}-op` }}
        valueAttrs={{ id: `${idPrefix}-value` }}
        beforeValue={<label htmlFor={`${idPrefix}-value`} className={u.srOnly}>{`Filter ${number} value`}</label>}
        valueSource={{ kind: "event_value", event, path: filter.path }}
        onChange={onChange}
      />
      <button
        type="button"
        className={`nodrag ${styles.remove}`}
        aria-label={`Remove filter ${number}`}
        title="Remove filter"
        onClick={onRemove}
      >
        ×
      </button>
    </div>
  );
}
