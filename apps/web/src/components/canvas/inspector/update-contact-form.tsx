"use client";
// Inspector form for an update-contact step: rows that set a trait (Liquid or a literal,
// coerced to text/number/boolean) or unset it.
import { TRAIT_VALUE_TYPES, type TraitUpdate } from "@mailstream/journey/schema";
import type { NodeDataOf } from "@/components/canvas/kinds/canvas-kind";

type UpdateContactData = NodeDataOf<"update_contact">;
import jc from "@/components/canvas/journey-editor.module.css";

interface UpdateContactFormProps {
  data: UpdateContactData;
  onChange: (data: UpdateContactData) => void;
}

export function UpdateContactForm({ data, onChange }: UpdateContactFormProps) {
  const setUpdates = (updates: TraitUpdate[]) => onChange({ ...data, updates });
  const replace = (index: number, next: TraitUpdate) =>
    setUpdates(data.updates.map((u, i) => (i === index ? next : u)));
  return (
    <div className={jc.form}>
      <fieldset className={jc.fieldset}>
        <legend>Traits</legend>
        {data.updates.length === 0 && <p className={jc.help}>No changes yet.</p>}
        {data.updates.map((update, index) => {
          const n = index + 1;
          return (
            <div key={`${index}:${data.updates.length}`} className={jc.traitRow}>
              <input
                aria-label={`Trait ${n} key`}
                className={`nodrag ${jc.input}`}
                value={update.trait}
                placeholder="plan"
                spellCheck={false}
                onChange={(e) => replace(index, { ...update, trait: e.target.value })}
              />
              <select
                aria-label={`Trait ${n} action`}
                className={`nodrag ${jc.input}`}
                value={update.op}
                onChange={(e) =>
                  replace(
                    index,
                    e.target.value === "unset"
                      ? { op: "unset", trait: update.trait }
                      : { op: "set", trait: update.trait, value: "", as: "text" },
                  )
                }
              >
                <option value="set">set to</option>
                <option value="unset">unset</option>
              </select>
              <button
                type="button"
                className={`nodrag ${jc.iconButton}`}
                aria-label={`Remove trait ${n}`}
                onClick={() => setUpdates(data.updates.filter((_, i) => i !== index))}
              >
                ×
              </button>
              {update.op === "set" && (
                <div className={jc.traitRowValue}>
                  <input
                    aria-label={`Trait ${n} value`}
                    className={`nodrag ${jc.input}`}
                    value={update.value}
                    placeholder="pro or {{ event.properties.plan }}"
                    spellCheck={false}
                    onChange={(e) => replace(index, { ...update, value: e.target.value })}
                  />
                  <select
                    aria-label={`Trait ${n} type`}
                    className={`nodrag ${jc.input}`}
                    value={update.as}
                    onChange={(e) =>
                      replace(index, { ...update, as: e.target.value as (typeof TRAIT_VALUE_TYPES)[number] })
                    }
                  >
                    {TRAIT_VALUE_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </div>
          );
        })}
        <button
          type="button"
          className={`nodrag ${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`}
          onClick={() => setUpdates([...data.updates, { op: "set", trait: "", value: "", as: "text" }])}
        >
          + Add trait
        </button>
      </fieldset>
      <p className={jc.help}>
        Values may use Liquid, e.g. <code>{"{{ event.properties.plan }}"}</code>.
      </p>
    </div>
  );
}
