"use client";
// Inspector form for a trigger: the event that starts a run, property filters on it, and
// the entry rules (re-entry policy, cooldown, entry key).
import { useId, useState } from "react";
import type { PropertyFilter } from "@mailstream/journey/schema";
import { EntryRulesFields } from "@/components/canvas/inspector/fields/entry-rules-fields";
import { FILTER_OPS, formatFilterValue, opTakesValue, parseFilterValue, type FilterOp } from "@/components/canvas/inspector/fields/filter-value";
import type { NodeDataOf } from "@/components/canvas/nodes/node-kinds";
import { TriggerSourceFields } from "@/components/canvas/inspector/fields/trigger-source-fields";

interface TriggerFormProps {
  data: NodeDataOf<"trigger">;
  onChange: (data: NodeDataOf<"trigger">) => void;
}

export function TriggerForm({ data, onChange }: TriggerFormProps) {
  const id = useId();
  const setFilters = (filters: PropertyFilter[]) => onChange({ ...data, filters });
  const updateFilter = (index: number, patch: Partial<PropertyFilter>) =>
    setFilters(data.filters.map((f, i) => (i === index ? { ...f, ...patch } : f)));

  const isEvent = (data.source ?? "event") === "event";
  return (
    <div className="jc-form">
      <TriggerSourceFields data={data} onChange={onChange} />
      {isEvent && (
        <>
          <div className="jc-field">
            <label htmlFor={`${id}-event`}>Event name</label>
            <input
              id={`${id}-event`}
              className="nodrag jc-input"
              value={data.event}
              placeholder="signed_up"
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => onChange({ ...data, event: e.target.value })}
            />
            <p className="jc-help">
              A run starts when this event is tracked for a contact (see the entry rules below).
            </p>
          </div>

          <fieldset className="jc-fieldset">
            <legend>Only when</legend>
            {data.filters.length === 0 && (
              <p className="jc-help">No filters: every {data.event || "matching"} event starts a run.</p>
            )}
            {data.filters.map((filter, index) => (
              <FilterRow
                // Index keys are fine: rows are only appended or removed, and removal remounts the rest.
                key={`${index}:${data.filters.length}`}
                idPrefix={`${id}-filter-${index}`}
                number={index + 1}
                filter={filter}
                onChange={(patch) => updateFilter(index, patch)}
                onRemove={() => setFilters(data.filters.filter((_, i) => i !== index))}
              />
            ))}
            <button
              type="button"
              className="nodrag jc-button jc-button--ghost jc-button--small"
              onClick={() => setFilters([...data.filters, { path: "properties.", op: "eq", value: undefined }])}
            >
              + Add filter
            </button>
          </fieldset>
        </>
      )}

      <EntryRulesFields
        idPrefix={`${id}-entry`}
        value={data.entry}
        onChange={(entry) => onChange({ ...data, entry })}
      />
    </div>
  );
}

export interface FilterRowProps {
  idPrefix: string;
  number: number;
  filter: PropertyFilter;
  onChange: (patch: Partial<PropertyFilter>) => void;
  onRemove: () => void;
}

export function FilterRow({ idPrefix, number, filter, onChange, onRemove }: FilterRowProps) {
  // The text is kept as typed ("1." mid-typing) while the parsed value is stored.
  const [valueText, setValueText] = useState(() => formatFilterValue(filter.value));
  const takesValue = opTakesValue(filter.op);
  return (
    <div className="jc-filter">
      <label htmlFor={`${idPrefix}-path`} className="jc-sr-only">{`Filter ${number} property`}</label>
      <input
        id={`${idPrefix}-path`}
        className="nodrag jc-input jc-filter__path"
        value={filter.path}
        placeholder="properties.plan"
        spellCheck={false}
        onChange={(e) => onChange({ path: e.target.value })}
      />
      <label htmlFor={`${idPrefix}-op`} className="jc-sr-only">{`Filter ${number} operator`}</label>
      <select
        id={`${idPrefix}-op`}
        className="nodrag jc-input jc-filter__op"
        value={filter.op}
        onChange={(e) => {
          const op = e.target.value as FilterOp;
          onChange({ op, value: parseFilterValue(valueText, op) });
        }}
      >
        {FILTER_OPS.map((o) => (
          <option key={o.op} value={o.op}>
            {o.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${idPrefix}-value`} className="jc-sr-only">{`Filter ${number} value`}</label>
      <input
        id={`${idPrefix}-value`}
        className="nodrag jc-input jc-filter__value"
        value={takesValue ? valueText : ""}
        disabled={!takesValue}
        placeholder={takesValue ? "value" : "—"}
        spellCheck={false}
        onChange={(e) => {
          setValueText(e.target.value);
          onChange({ value: parseFilterValue(e.target.value, filter.op) });
        }}
      />
      <button
        type="button"
        className="nodrag jc-icon-button"
        aria-label={`Remove filter ${number}`}
        title="Remove filter"
        onClick={onRemove}
      >
        ×
      </button>
    </div>
  );
}
