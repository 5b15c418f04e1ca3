"use client";
// Inspector form for a split: variant rows (name + weight, which must total 100) and an
// optional hold-out share, and the optional automatic winner. Each variant's id is its outlet, so ids never change on rename.
import { useId } from "react";
import type { SplitVariant } from "@mailstream/journey/schema";
import type { NodeDataOf } from "@/components/canvas/kinds/canvas-kind";

type SplitData = NodeDataOf<"split">;
import { SplitWinnerFields } from "@/components/canvas/inspector/fields/split-winner-fields";
import jc from "@/components/canvas/journey-editor.module.css";

interface SplitFormProps {
  data: SplitData;
  onChange: (data: SplitData) => void;
}

/** The next free single-letter variant id: a, b, c… (then v4, v5… past z). */
function nextVariantId(variants: readonly SplitVariant[]): string {
  const taken = new Set(variants.map((v) => v.id));
  for (let i = 0; i < 26; i++) {
    const id = String.fromCharCode(97 + i);
    if (!taken.has(id)) return id;
  }
  let n = variants.length + 1;
  while (taken.has(`v${n}`)) n++;
  return `v${n}`;
}

function numberOrZero(text: string): number {
  const n = Number(text);
  return text.trim() === "" || !Number.isFinite(n) ? 0 : n;
}

export function SplitForm({ data, onChange }: SplitFormProps) {
  const id = useId();
  const total = data.variants.reduce((sum, v) => sum + v.weight, 0);
  const setVariants = (variants: SplitVariant[]) => onChange({ ...data, variants });
  const update = (index: number, patch: Partial<SplitVariant>) =>
    setVariants(data.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)));

  return (
    <div className={jc.form}>
      <fieldset className={jc.fieldset}>
        <legend>Variants</legend>
        {data.variants.map((variant, index) => (
          <div key={variant.id} className={jc.variant}>
            <span className={`${jc.variantId} ${jc.mono}`}>{variant.id}</span>
            <input
              aria-label={`Variant ${index + 1} name`}
              className={`nodrag ${jc.input}`}
              value={variant.name}
              onChange={(e) => update(index, { name: e.target.value })}
            />
            <input
              aria-label={`Variant ${index + 1} weight`}
              className={`nodrag ${jc.input}`}
              type="number"
              min={0}
              max={100}
              value={variant.weight}
              onChange={(e) => update(index, { weight: numberOrZero(e.target.value) })}
            />
            <span className={jc.muted}>%</span>
            <button
              type="button"
              className={`nodrag ${jc.iconButton}`}
              aria-label={`Remove variant ${index + 1}`}
              title="Remove variant"
              onClick={() => setVariants(data.variants.filter((_, i) => i !== index))}
            >
              ×
            </button>
          </div>
        ))}
        <p className={total === 100 ? jc.help : jc.fieldError} role="status" data-testid="split-total">
          Total {total}%{total === 100 ? " ✓" : " — weights must add up to 100"}
        </p>
        <button
          type="button"
          className={`nodrag ${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`}
          onClick={() => {
            const vid = nextVariantId(data.variants);
            setVariants([...data.variants, { id: vid, name: vid.toUpperCase(), weight: 0 }]);
          }}
        >
          + Add variant
        </button>
      </fieldset>
      <div className={jc.field}>
        <label htmlFor={`${id}-holdout`}>Hold-out %</label>
        <input
          id={`${id}-holdout`}
          className={`nodrag ${jc.input}`}
          type="number"
          min={0}
          max={99}
          value={data.holdoutPercent}
          onChange={(e) => onChange({ ...data, holdoutPercent: numberOrZero(e.target.value) })}
        />
        <p className={jc.help}>
          Held-out contacts leave here, so you can compare against doing nothing. A contact always lands in the same
          variant.
        </p>
      </div>
      <SplitWinnerFields value={data.autoWinner} onChange={(autoWinner) => onChange({ ...data, autoWinner })} />
    </div>
  );
}
