"use client";
// Inspector form for a trigger: the event that starts a run, property filters on it, and
// the entry rules (re-entry policy, cooldown, entry key).
import { useId } from "react";
import type { PropertyFilter } from "@mailstream/journey/schema";
import { EntryRulesFields } from "@/components/canvas/inspector/fields/entry-rules-fields";
import { PropertyFilterRows } from "@/components/filters/property-filter-rows";
import { SuggestInput } from "@/components/filters/suggest-input";
import type { NodeDataOf } from "@/components/canvas/kinds/canvas-kind";
import { TriggerSourceFields } from "@/components/canvas/inspector/fields/trigger-source-fields";
import jc from "@/components/canvas/journey-editor.module.css";

interface TriggerFormProps {
  data: NodeDataOf<"trigger">;
  onChange: (data: NodeDataOf<"trigger">) => void;
}

export function TriggerForm({ data, onChange }: TriggerFormProps) {
  const id = useId();
  const setFilters = (filters: PropertyFilter[]) => onChange({ ...data, filters });

  const isEvent = (data.source ?? "event") === "event";
  return (
    <div className={jc.form}>
      <TriggerSourceFields data={data} onChange={onChange} />
      {isEvent && (
        <>
          <div className={jc.field}>
            <label htmlFor={`${id}-event`}>Event name</label>
            <SuggestInput
              id={`${id}-event`}
              className={`nodrag ${jc.input}`}
              value={data.event}
              placeholder="signed_up"
              source={{ kind: "event" }}
              onChange={(event) => onChange({ ...data, event })}
            />
            <p className={jc.help}>
              A run starts when this event is tracked for a contact (see the entry rules below).
            </p>
          </div>

          <fieldset className={jc.fieldset}>
            <legend>Only when</legend>
            {data.filters.length === 0 && (
              <p className={jc.help}>No filters: every {data.event || "matching"} event starts a run.</p>
            )}
            <PropertyFilterRows
              idPrefix={`${id}-filter`}
              filters={data.filters}
              event={data.event}
              onChange={setFilters}
            />
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
