"use client";
// The journey's steps in walk order: runs that reached each, share of entries, waiting now
// and the outlets taken, with a CSV export of exactly those columns.
import { KindIcon } from "@/components/canvas/nodes/kind-icon";
import { formatCount } from "@/components/ui/format";
import { EmptyRow, TableHead, type Column } from "@/components/ui/list-parts";
import { CsvButton } from "./csv-button";
import styles from "./metrics.module.css";
import type { FlowMetrics } from "./metrics-types";
import type { NodeRow } from "./node-rows";
import type { CSSProperties } from "react";

function outletsOf(m: FlowMetrics | undefined, nodeId: string): [string, number][] {
  return Object.entries(m?.outcomesByNode[nodeId] ?? {}).filter(([k]) => k !== "waiting");
}

/** The steps table: counts right-aligned. */
const COLUMNS: readonly Column[] = [
  "Step",
  { label: "Reached", num: true },
  "Of entered",
  { label: "Waiting now", num: true },
  "Outlets taken",
];

export function StepsTable(props: {
  rows: readonly NodeRow[];
  metrics: FlowMetrics | undefined;
  isPending: boolean;
  filename: string;
  /** Opens the step's drill-down (who is there now). */
  onStepClick?: (nodeId: string) => void;
}) {
  const { rows, metrics: m } = props;
  const entered = m?.entered ?? 0;
  const csvRows = () =>
    rows.map((row) => {
      const reached = m?.nodeCounts[row.id] ?? 0;
      return [
        row.label,
        row.id,
        row.kind,
        reached,
        entered > 0 ? Math.min(1, reached / entered) : "",
        m?.waitingByNode[row.id] ?? 0,
        outletsOf(m, row.id)
          .map(([k, n]) => `${k}: ${n}`)
          .join("; "),
      ];
    });
  return (
    <section className="card">
      <div className="card-header">
        <h2>Steps</h2>
        <span className="faint">Runs that reached each step</span>
        <CsvButton
          filename={props.filename}
          header={["Step", "Node id", "Kind", "Reached", "Share of entered", "Waiting now", "Outlets taken"]}
          rows={csvRows}
          testId="steps-csv"
        />
      </div>
      <div className={styles.scroll} role="region" aria-label="Steps" tabIndex={0}>
        <table className={`table ${styles.countsTable}`} data-testid="node-counts">
          <TableHead columns={COLUMNS} />
          <tbody>
            {rows.map((row) => {
              const reached = m?.nodeCounts[row.id] ?? 0;
              const share = entered > 0 ? Math.min(1, reached / entered) : 0;
              const outcomes = outletsOf(m, row.id);
              return (
                <tr key={row.id} data-testid={`node-row-${row.id}`}>
                  <td>
                    <span className={`${styles.kind} ${styles[`kind_${row.kind}`]}`} aria-hidden>
                      <KindIcon kind={row.kind} size={14} />
                    </span>
                    {props.onStepClick && row.kind !== "trigger" ? (
                      <button
                        type="button"
                        className={styles.stepLink}
                        onClick={() => props.onStepClick?.(row.id)}
                        title="Who is at this step now"
                        data-testid={`drill-${row.id}`}
                      >
                        {row.label}
                      </button>
                    ) : (
                      row.label
                    )}
                    <span className={styles.nodeId}>{row.id}</span>
                  </td>
                  <td className="num" data-testid={`node-count-${row.id}`}>
                    {formatCount(reached)}
                  </td>
                  <td>
                    <span className={styles.bar} aria-hidden>
                      <span className={styles.barFill} style={{ "--share": share } as CSSProperties} />
                    </span>
                    <span className={styles.pct}>{Math.round(share * 100)}%</span>
                  </td>
                  <td className="num">{formatCount(m?.waitingByNode[row.id] ?? 0)}</td>
                  <td className="faint">{outcomes.map(([k, n]) => `${k}: ${formatCount(n)}`).join(" · ") || "—"}</td>
                </tr>
              );
            })}
            {rows.length === 0 && !props.isPending ? (
              <EmptyRow colSpan={5}>This journey has no steps yet.</EmptyRow>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
