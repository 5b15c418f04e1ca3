"use client";
// The trigger's entry rules: how often a contact may enter (once ever / once at a time /
// every time), an optional cooldown between entries, and an optional entry key that makes
// those rules apply per value (one cart, one run) rather than per contact.
import { useState } from "react";
import { REENTRY_POLICIES, type EntryRules, type ReentryPolicy } from "@mailstream/journey/schema";
import { DurationFields } from "./duration-fields";
import jc from "@/components/canvas/journey-editor.module.css";
import { CheckField } from "./check-field";

const REENTRY_LABELS: Record<ReentryPolicy, string> = {
  once: "Only once, ever",
  once_at_a_time: "Once at a time (again after their run ends)",
  every_time: "Every time the trigger happens",
};

const DEFAULT_RULES: EntryRules = { reentry: "every_time" };

interface EntryRulesFieldsProps {
  idPrefix: string;
  value: EntryRules | undefined;
  onChange: (value: EntryRules) => void;
}

export function EntryRulesFields({ idPrefix, value = DEFAULT_RULES, onChange }: EntryRulesFieldsProps) {
  // The key is stored trimmed and dropped when empty; the box keeps what was typed.
  const [keyText, setKeyText] = useState(value.entryKey ?? "");
  return (
    <fieldset className={jc.fieldset}>
      <legend>Entry rules</legend>
      <div className={jc.field}>
        <label htmlFor={`${idPrefix}-reentry`}>A contact can enter</label>
        <select
          id={`${idPrefix}-reentry`}
          className={`nodrag ${jc.input}`}
          value={value.reentry}
          onChange={(e) => onChange({ ...value, reentry: e.target.value as ReentryPolicy })}
        >
          {REENTRY_POLICIES.map((policy) => (
            <option key={policy} value={policy}>
              {REENTRY_LABELS[policy]}
            </option>
          ))}
        </select>
      </div>
      <CheckField
        checked={value.cooldown !== undefined}
        disabled={value.reentry === "once"}
        onCheck={(checked) => onChange({ ...value, cooldown: checked ? { amount: 1, unit: "days" } : undefined })}
      >
        Cooldown between entries
      </CheckField>
      {value.cooldown && value.reentry !== "once" && (
        <DurationFields
          idPrefix={`${idPrefix}-cooldown`}
          label="Not again within"
          unitLabel="Cooldown unit"
          value={value.cooldown}
          onChange={(cooldown) => onChange({ ...value, cooldown })}
        />
      )}
      <div className={jc.field}>
        <label htmlFor={`${idPrefix}-entry-key`}>Entry key (optional)</label>
        <input
          id={`${idPrefix}-entry-key`}
          className={`nodrag ${jc.input}`}
          value={keyText}
          placeholder="properties.cart_id"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setKeyText(e.target.value);
            const entryKey = e.target.value.trim();
            onChange({ ...value, entryKey: entryKey === "" ? undefined : entryKey });
          }}
        />
        <p className={jc.help}>
          e.g. properties.cart_id — a path into the trigger event. The rules then apply per value, so one contact can be
          in the journey once per cart, and waits can match events with the same value.
        </p>
      </div>
    </fieldset>
  );
}
