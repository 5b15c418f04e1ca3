"use client";
// Property filter rows (path, operator, value) for computed trait definitions; the same
// filter shape journey triggers use, evaluated by @mailstream/journey/filters.
import { FILTER_OPS, type PropertyFilter } from "@mailstream/journey/schema";
import styles from "./contacts.module.css";

const OP_LABELS: Record<(typeof FILTER_OPS)[number], string> = {
  eq: "equals",
  neq: "does not equal",
  exists: "exists",
  not_exists: "does not exist",
  contains: "contains",
  gt: "greater than",
  lt: "less than",
};

export type FilterDraft = { path: string; op: PropertyFilter["op"]; value: string };

export function toFilters(rows: FilterDraft[]): PropertyFilter[] {
  return rows
    .filter((row) => row.path.trim() !== "")
    .map((row) => {
      const needsValue = row.op !== "exists" && row.op !== "not_exists";
      const numeric = row.value.trim() !== "" && Number.isFinite(Number(row.value)) ? Number(row.value) : row.value;
      return needsValue ? { path: row.path.trim(), op: row.op, value: numeric } : { path: row.path.trim(), op: row.op };
    });
}

export function fromFilters(filters: PropertyFilter[]): FilterDraft[] {
  return filters.map((f) => ({ path: f.path, op: f.op, value: f.value === undefined ? "" : String(f.value) }));
}

export function FilterRows({ rows, onChange }: { rows: FilterDraft[]; onChange: (rows: FilterDraft[]) => void }) {
  const update = (index: number, patch: Partial<FilterDraft>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="stack" data-testid="trait-filters">
      {rows.map((row, index) => (
        <div className={styles.filterRow} key={index}>
          <input className="input" aria-label="Filter path" placeholder="properties.plan" value={row.path} onChange={(e) => update(index, { path: e.target.value })} />
          <select className="input" aria-label="Filter operator" value={row.op} onChange={(e) => update(index, { op: e.target.value as FilterDraft["op"] })}>
            {FILTER_OPS.map((op) => (
              <option key={op} value={op}>{OP_LABELS[op]}</option>
            ))}
          </select>
          <input className="input" aria-label="Filter value" placeholder="value" value={row.value} disabled={row.op === "exists" || row.op === "not_exists"} onChange={(e) => update(index, { value: e.target.value })} />
          <button type="button" className="btn btn-sm" onClick={() => onChange(rows.filter((_, i) => i !== index))}>Remove</button>
        </div>
      ))}
      <div>
        <button type="button" className="btn btn-sm" data-testid="add-trait-filter" onClick={() => onChange([...rows, { path: "properties.", op: "eq", value: "" }])}>
          + Add filter
        </button>
      </div>
    </div>
  );
}
