"use client";
// Email activity over time (recharts), per minute, hour or day: every counter the email
// table has, as counts or as a share of the bucket's sends. Series are toggled by chips so
// ten lines never have to share the plot at once (the chips are the legend); axes carry units.
import { useState, type CSSProperties } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "@/components/ui/format";
import type { SeriesGrain, SeriesPointView } from "./metrics-types";
import { formatRate } from "./rates";
import styles from "./metrics.module.css";

type SeriesKey = Exclude<keyof SeriesPointView, "at">;

const SERIES: { key: SeriesKey; name: string; color: string; dash?: string; isDefault: boolean }[] = [
  { key: "sent", name: "Sent", color: "#4f46e5", isDefault: true },
  { key: "delivered", name: "Delivered", color: "#0891b2", isDefault: true },
  { key: "opened", name: "Opened (unique)", color: "#16a34a", isDefault: true },
  { key: "openedTotal", name: "Opens (total)", color: "#16a34a", dash: "6 3", isDefault: false },
  { key: "clicked", name: "Clicked (unique)", color: "#d97706", isDefault: true },
  { key: "clickedTotal", name: "Clicks (total)", color: "#d97706", dash: "6 3", isDefault: false },
  { key: "bounced", name: "Bounced", color: "#dc2626", isDefault: true },
  { key: "complained", name: "Complained", color: "#9d174d", isDefault: true },
  { key: "unsubscribed", name: "Unsubscribed", color: "#64748b", isDefault: true },
  { key: "converted", name: "Converted", color: "#7c3aed", isDefault: true },
];

function formatTick(at: string, grain: SeriesGrain): string {
  const date = new Date(at);
  if (grain === "day") return date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

type Mode = "count" | "rate";

/** Rate mode divides each bucket's counter by that bucket's sends (sent itself is then 100%: not drawn). */
function toRates(series: readonly SeriesPointView[]): Record<string, number | string | null>[] {
  return series.map((p) => {
    const row: Record<string, number | string | null> = { at: p.at };
    for (const s of SERIES) row[s.key] = p.sent > 0 ? p[s.key] / p.sent : null;
    return row;
  });
}

/** Rate axis: 0 up to a round step above the largest value, in five even ticks (5%, 10%, 25%… steps). */
function rateTicks(data: readonly Record<string, number | string | null>[], keys: readonly string[]): number[] {
  let max = 0;
  for (const row of data) for (const key of keys) if (typeof row[key] === "number") max = Math.max(max, row[key]);
  const steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1];
  const step = steps.find((s) => s * 5 >= max) ?? Math.ceil(max / 5);
  return [0, 1, 2, 3, 4, 5].map((i) => Number((i * step).toFixed(4)));
}

function rateTickLabel(value: number, ticks: readonly number[]): string {
  return formatRate(value, (ticks[1] ?? 1) < 0.01 ? 1 : 0);
}

export function EmailChart({ series, grain }: { series: readonly SeriesPointView[]; grain: SeriesGrain }) {
  const [mode, setMode] = useState<Mode>("count");
  const [shown, setShown] = useState<ReadonlySet<SeriesKey>>(
    () => new Set(SERIES.filter((s) => s.isDefault).map((s) => s.key)),
  );
  if (series.length === 0) return <p className="empty">No email activity in this range yet.</p>;
  const lines = SERIES.filter((s) => shown.has(s.key) && !(mode === "rate" && s.key === "sent"));
  const data: Record<string, number | string | null>[] =
    mode === "rate" ? toRates(series) : series.map((p) => ({ ...p }));
  const ticks =
    mode === "rate"
      ? rateTicks(
          data,
          lines.map((l) => l.key),
        )
      : undefined;
  const format = (value: unknown) =>
    mode === "rate" ? formatRate(typeof value === "number" ? value : null) : formatCount(Number(value));
  const toggle = (key: SeriesKey) =>
    setShown((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return (
    <div data-testid="email-chart">
      <div className={styles.chartControls}>
        <div className={styles.segmented} role="group" aria-label="Chart values">
          <button type="button" aria-pressed={mode === "count"} onClick={() => setMode("count")}>
            Counts
          </button>
          <button type="button" aria-pressed={mode === "rate"} onClick={() => setMode("rate")}>
            Rates
          </button>
        </div>
        <div className={styles.chips} role="group" aria-label="Series">
          {SERIES.map((s) => (
            <button
              key={s.key}
              type="button"
              className={`${styles.chip} ${styles.seriesChip}`}
              aria-pressed={shown.has(s.key)}
              disabled={mode === "rate" && s.key === "sent"}
              title={mode === "rate" && s.key === "sent" ? "Every rate divides by sends" : undefined}
              onClick={() => toggle(s.key)}
              style={{ "--series-color": s.color } as CSSProperties}
            >
              {s.name}
            </button>
          ))}
        </div>
      </div>
      <div className={styles.chartBox}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 16, right: 20, bottom: 28, left: 16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis
              dataKey="at"
              tickFormatter={(at: string) => formatTick(at, grain)}
              label={{ value: `Time (per ${grain}, local time)`, position: "insideBottom", offset: -16, fontSize: 12 }}
              fontSize={12}
              minTickGap={24}
            />
            <YAxis
              allowDecimals={mode === "rate"}
              fontSize={12}
              width={64}
              ticks={ticks}
              domain={ticks ? [0, ticks[ticks.length - 1] ?? 1] : [0, "auto"]}
              tickFormatter={(v: number) => (ticks ? rateTickLabel(v, ticks) : formatCount(v))}
              label={{
                value: mode === "rate" ? "% of the bucket's sends" : `Emails per ${grain}`,
                angle: -90,
                position: "insideLeft",
                offset: -4,
                fontSize: 12,
                style: { textAnchor: "middle" },
              }}
            />
            <Tooltip
              labelFormatter={(at) => new Date(String(at)).toLocaleString()}
              formatter={(value) => format(value)}
            />
            {lines.map((line) => (
              <Line
                key={line.key}
                type="monotone"
                dataKey={line.key}
                name={line.name}
                stroke={line.color}
                strokeDasharray={line.dash}
                strokeWidth={2}
                dot={series.length < 3}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
