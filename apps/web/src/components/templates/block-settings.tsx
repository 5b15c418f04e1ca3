"use client";
// Settings of the selected block: its Liquid fields and options. Every change goes straight
// into the document (the preview re-renders once typing pauses).
import type { Block } from "@mailstream/emails/blocks";
import { BLOCK_LABELS } from "./block-outline";
import styles from "./block-editor.module.css";

interface Props {
  block: Block;
  partials: { id: string; name: string }[];
  onChange: (block: Block) => void;
}

function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string;
  rows?: number;
  placeholder?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.rows ? (
        <textarea
          id={props.id}
          className="textarea"
          rows={props.rows}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      ) : (
        <input
          id={props.id}
          className="input"
          value={props.value}
          placeholder={props.placeholder}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
      {props.hint ? <span className="hint">{props.hint}</span> : null}
    </div>
  );
}

function NumberField(props: {
  id: string;
  label: string;
  value: number | undefined;
  min: number;
  max: number;
  onChange: (v: number | undefined) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        className="input"
        type="number"
        min={props.min}
        max={props.max}
        value={props.value ?? ""}
        onChange={(e) =>
          props.onChange(
            e.target.value === "" ? undefined : Math.max(props.min, Math.min(props.max, Number(e.target.value))),
          )
        }
      />
    </div>
  );
}

function AlignField({
  value,
  onChange,
}: {
  value: "left" | "center" | "right" | undefined;
  onChange: (v: "left" | "center" | "right") => void;
}) {
  return (
    <div className="field">
      <label htmlFor="block-align">Alignment</label>
      <select
        id="block-align"
        className="input"
        value={value ?? "left"}
        onChange={(e) => onChange(e.target.value as "left" | "center" | "right")}
      >
        <option value="left">Left</option>
        <option value="center">Center</option>
        <option value="right">Right</option>
      </select>
    </div>
  );
}

function Fields({ block, partials, onChange }: Props) {
  switch (block.type) {
    case "heading":
      return (
        <>
          <TextField
            id="block-text"
            label="Heading text"
            value={block.text}
            onChange={(text) => onChange({ ...block, text })}
          />
          <div className="field">
            <label htmlFor="block-level">Level</label>
            <select
              id="block-level"
              className="input"
              value={block.level}
              onChange={(e) => onChange({ ...block, level: Number(e.target.value) as 1 | 2 | 3 })}
            >
              <option value={1}>Large (H1)</option>
              <option value={2}>Medium (H2)</option>
              <option value={3}>Small (H3)</option>
            </select>
          </div>
          <AlignField value={block.align} onChange={(align) => onChange({ ...block, align })} />
        </>
      );
    case "text":
      return (
        <>
          <TextField
            id="block-text"
            label="Text"
            rows={7}
            value={block.text}
            onChange={(text) => onChange({ ...block, text })}
            hint={
              'Blank line = new paragraph. **bold**, *italic*, [label](https://…). Liquid: {{ first_name | default: "there" }}.'
            }
          />
          <AlignField value={block.align} onChange={(align) => onChange({ ...block, align })} />
        </>
      );
    case "button":
      return (
        <>
          <TextField
            id="block-label"
            label="Button label"
            value={block.label}
            onChange={(label) => onChange({ ...block, label })}
          />
          <TextField
            id="block-url"
            label="Link URL"
            value={block.url}
            onChange={(url) => onChange({ ...block, url })}
            hint="http(s) or mailto; Liquid allowed."
          />
          <AlignField value={block.align} onChange={(align) => onChange({ ...block, align })} />
        </>
      );
    case "image":
      return (
        <>
          <TextField
            id="block-src"
            label="Image URL"
            value={block.src}
            onChange={(src) => onChange({ ...block, src })}
          />
          <TextField
            id="block-alt"
            label="Alt text"
            value={block.alt}
            onChange={(alt) => onChange({ ...block, alt })}
          />
          <NumberField
            id="block-width"
            label="Width (px)"
            value={block.width}
            min={16}
            max={600}
            onChange={(width) => onChange({ ...block, width })}
          />
          <TextField
            id="block-href"
            label="Link (optional)"
            value={block.href ?? ""}
            onChange={(href) => onChange({ ...block, href: href === "" ? undefined : href })}
          />
        </>
      );
    case "divider":
      return <p className="muted">A horizontal rule. No settings.</p>;
    case "spacer":
      return (
        <NumberField
          id="block-height"
          label="Height (px)"
          value={block.height}
          min={4}
          max={200}
          onChange={(height) => onChange({ ...block, height: height ?? 24 })}
        />
      );
    case "columns":
      return (
        <div className="field">
          <label htmlFor="block-columns">Columns</label>
          <select
            id="block-columns"
            className="input"
            value={block.columns.length}
            onChange={(e) => {
              const count = Number(e.target.value);
              const columns = count > block.columns.length ? [...block.columns, []] : block.columns.slice(0, count);
              onChange({ ...block, columns });
            }}
          >
            <option value={2}>2 columns</option>
            <option value={3}>3 columns</option>
          </select>
          <span className="hint">Columns stack on phones. Removing a column removes its blocks.</span>
        </div>
      );
    case "repeat":
      return (
        <>
          <TextField
            id="block-path"
            label="Repeat over (array path)"
            value={block.path}
            onChange={(path) => onChange({ ...block, path })}
            placeholder="event.properties.items"
          />
          <TextField
            id="block-as"
            label="Item name"
            value={block.as}
            onChange={(as) => onChange({ ...block, as })}
            hint={`Inside, use {{ ${block.as}.name }} and {{ forloop.index }}. A missing array shows nothing.`}
          />
          <NumberField
            id="block-limit"
            label="At most (items)"
            value={block.limit}
            min={1}
            max={100}
            onChange={(limit) => onChange({ ...block, limit })}
          />
        </>
      );
    case "conditional":
      return (
        <TextField
          id="block-condition"
          label="Show when"
          value={block.condition}
          onChange={(condition) => onChange({ ...block, condition })}
          hint='Liquid condition: contact.plan == "pro", event.properties.coupon (exists), contact.vip and contact.email'
        />
      );
    case "partial":
      return (
        <div className="field">
          <label htmlFor="block-partial">Partial</label>
          <select
            id="block-partial"
            className="input"
            value={block.partialId}
            onChange={(e) => onChange({ ...block, partialId: e.target.value })}
          >
            <option value="">Choose a partial…</option>
            {partials.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <span className="hint">
            Edits to the partial show here at once, and reach live journeys when they are published again.
          </span>
        </div>
      );
  }
}

export function BlockSettings(props: Props) {
  return (
    <section className={styles.settings} aria-label="Block settings" data-testid="block-settings">
      <h3>{BLOCK_LABELS[props.block.type]} settings</h3>
      <Fields {...props} />
    </section>
  );
}
