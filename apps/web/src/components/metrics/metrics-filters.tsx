"use client";
// Time range (a preset, or a custom from/to in local time), chart grain and version pickers
// for the metrics pages. A custom range is applied only when it is valid, so the live query
// never runs on a reversed or half-typed window.
import { useState } from "react";
import { parseCustomRange, toLocalInput } from "./custom-range";
import type { MetricsRange, SeriesGrain } from "./metrics-types";
import styles from "./metrics.module.css";

const RANGES: { value: MetricsRange; label: string }[] = [
  { value: "15m", label: "Last 15 minutes" },
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "all", label: "All time" },
];

export interface MetricsFilterState {
  range: MetricsRange;
  grain: SeriesGrain;
  versionId: string | null;
  /** A custom window; when either is set it replaces `range` (from inclusive, to exclusive). */
  from: Date | null;
  to: Date | null;
}

export const DEFAULT_FILTER: MetricsFilterState = {
  range: "all",
  grain: "hour",
  versionId: null,
  from: null,
  to: null,
};

const END_LABELS = { from: "From", to: "To" } as const;
export function MetricsFilters(props: {
  value: MetricsFilterState;
  versions?: readonly { id: string; version: number }[];
  onChange: (next: MetricsFilterState) => void;
}) {
  const { value, onChange } = props;
  const isCustom = value.from !== null || value.to !== null;
  const [isEditingCustom, setIsEditingCustom] = useState(isCustom);
  const [draft, setDraft] = useState({ from: toLocalInput(value.from), to: toLocalInput(value.to) });
  const [error, setError] = useState<string | null>(null);

  function apply() {
    const parsed = parseCustomRange(draft.from, draft.to);
    if ("error" in parsed) return setError(parsed.error);
    setError(null);
    onChange({ ...value, ...parsed });
  }

  return (
    <div className={`row ${styles.filters}`}>
      <label>
        Range{" "}
        <select
          aria-label="Time range"
          value={isEditingCustom ? "custom" : value.range}
          onChange={(e) => {
            if (e.target.value === "custom") {
              setIsEditingCustom(true);
              if (!draft.from) setDraft({ from: toLocalInput(new Date(Date.now() - 86_400_000)), to: "" });
              return;
            }
            setIsEditingCustom(false);
            setError(null);
            onChange({ ...value, range: e.target.value as MetricsRange, from: null, to: null });
          }}
        >
          {RANGES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {isEditingCustom ? (
        <span className={styles.customRange} data-testid="custom-range">
          {(["from", "to"] as const).map((end) => (
            <label key={end}>
              {END_LABELS[end]}{" "}
              <input
                type="datetime-local"
                aria-label={END_LABELS[end]}
                value={draft[end]}
                onChange={(e) => setDraft({ ...draft, [end]: e.target.value })}
              />
            </label>
          ))}
          <button type="button" className="btn btn-sm" onClick={apply}>
            Apply
          </button>
          {error ? (
            <span className={styles.fieldError} role="alert">
              {error}
            </span>
          ) : isCustom ? (
            <span className="faint">{value.to ? "" : "until now, live"}</span>
          ) : null}
        </span>
      ) : null}
      <label>
        Chart by{" "}
        <select
          aria-label="Chart grain"
          value={value.grain}
          onChange={(e) => onChange({ ...value, grain: e.target.value as SeriesGrain })}
        >
          <option value="minute">Minute</option>
          <option value="hour">Hour</option>
          <option value="day">Day</option>
        </select>
      </label>
      {props.versions ? (
        <label>
          Version{" "}
          <select
            aria-label="Version"
            value={value.versionId ?? ""}
            onChange={(e) => onChange({ ...value, versionId: e.target.value || null })}
          >
            <option value="">All versions</option>
            {props.versions.map((v) => (
              <option key={v.id} value={v.id}>
                v{v.version}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </div>
  );
}
