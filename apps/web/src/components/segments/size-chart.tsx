// Segment size over time as a small SVG step chart (sizes hold between snapshots).
import { formatDateTime } from "@/components/ui/format";
import styles from "./segments.module.css";

const WIDTH = 600;
const HEIGHT = 180;
const PAD = { left: 36, right: 8, top: 10, bottom: 22 };

export function SizeChart({ points }: { points: readonly { takenAt: Date; size: number }[] }) {
  if (points.length === 0) return <p className="muted">No size history yet.</p>;
  const t0 = points[0]!.takenAt.getTime();
  const t1 = Math.max(points[points.length - 1]!.takenAt.getTime(), t0 + 1);
  const max = Math.max(1, ...points.map((p) => p.size));
  const x = (t: Date) => PAD.left + ((t.getTime() - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const y = (size: number) => PAD.top + (1 - size / max) * (HEIGHT - PAD.top - PAD.bottom);
  let line = `M ${x(points[0]!.takenAt)} ${y(points[0]!.size)}`;
  for (const point of points.slice(1)) line += ` H ${x(point.takenAt)} V ${y(point.size)}`;
  const area = `${line} V ${y(0)} H ${x(points[0]!.takenAt)} Z`;
  return (
    <svg
      className={styles.chart}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label="Segment size over time"
      data-testid="segment-size-chart"
    >
      <path className={styles.chartArea} d={area} />
      <path className={styles.chartLine} d={line} />
      <text className={styles.chartAxis} x={4} y={y(max) + 4}>
        {max}
      </text>
      <text className={styles.chartAxis} x={4} y={y(0)}>
        0
      </text>
      <text className={styles.chartAxis} x={PAD.left} y={HEIGHT - 4}>
        {formatDateTime(points[0]!.takenAt)}
      </text>
      <text className={styles.chartAxis} x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end">
        now
      </text>
    </svg>
  );
}
