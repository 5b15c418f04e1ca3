"use client";
// Email activity over time (recharts): sends, deliveries, unique opens/clicks and bounces
// per minute, hour or day. Axes carry their units.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesGrain, SeriesPointView } from "./metrics-types";

const LINES = [
  { key: "sent", name: "Sent", color: "#4f46e5" },
  { key: "delivered", name: "Delivered", color: "#0891b2" },
  { key: "opened", name: "Opened (unique)", color: "#16a34a" },
  { key: "clicked", name: "Clicked (unique)", color: "#d97706" },
  { key: "bounced", name: "Bounced", color: "#dc2626" },
] as const;

function formatTick(at: string, grain: SeriesGrain): string {
  const date = new Date(at);
  if (grain === "day") return date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

export function EmailChart({ series, grain }: { series: readonly SeriesPointView[]; grain: SeriesGrain }) {
  if (series.length === 0) return <p className="empty">No email activity in this range yet.</p>;
  return (
    <div style={{ width: "100%", height: 260 }} data-testid="email-chart">
      <ResponsiveContainer>
        <LineChart data={[...series]} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis
            dataKey="at"
            tickFormatter={(at: string) => formatTick(at, grain)}
            label={{ value: `Time (per ${grain}, local)`, position: "insideBottom", offset: -14, fontSize: 12 }}
            fontSize={12}
          />
          <YAxis
            allowDecimals={false}
            fontSize={12}
            label={{ value: `Emails per ${grain}`, angle: -90, position: "insideLeft", fontSize: 12 }}
          />
          <Tooltip labelFormatter={(at) => new Date(String(at)).toLocaleString()} />
          <Legend verticalAlign="top" height={28} />
          {LINES.map((line) => (
            <Line key={line.key} type="monotone" dataKey={line.key} name={line.name} stroke={line.color} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
