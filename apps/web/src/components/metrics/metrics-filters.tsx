"use client";
// Time range, chart grain and version pickers for the journey metrics page.
import type { MetricsRange, SeriesGrain } from "./metrics-types";

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
}

export function MetricsFilters(props: {
  value: MetricsFilterState;
  versions: readonly { id: string; version: number }[];
  onChange: (next: MetricsFilterState) => void;
}) {
  const { value, onChange } = props;
  return (
    <div className="row mx-filters">
      <label>
        Range{" "}
        <select aria-label="Time range" value={value.range} onChange={(e) => onChange({ ...value, range: e.target.value as MetricsRange })}>
          {RANGES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Chart by{" "}
        <select aria-label="Chart grain" value={value.grain} onChange={(e) => onChange({ ...value, grain: e.target.value as SeriesGrain })}>
          <option value="minute">Minute</option>
          <option value="hour">Hour</option>
          <option value="day">Day</option>
        </select>
      </label>
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
    </div>
  );
}
