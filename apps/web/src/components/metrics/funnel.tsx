"use client";
// Entry → each step on the way → goal, as horizontal bars relative to entries.
import { formatCount } from "@/components/ui/format";
import styles from "./metrics.module.css";
import { formatRate } from "./rates";
import type { CSSProperties } from "react";

export function Funnel({ stages }: { stages: readonly { id: string; label: string; value: number }[] }) {
  const top = stages[0]?.value ?? 0;
  return (
    <ol className={styles.funnel} data-testid="funnel">
      {stages.map((stage) => {
        const share = top > 0 ? stage.value / top : 0;
        return (
          <li key={stage.id} data-testid={`funnel-${stage.id}`}>
            <span className={styles.funnelLabel}>{stage.label}</span>
            <span className={styles.bar} aria-hidden>
              <span className={styles.barFill} style={{ "--share": Math.min(1, share) } as CSSProperties} />
            </span>
            <span className="num">{formatCount(stage.value)}</span>
            <span className="faint">{formatRate(top > 0 ? share : null)}</span>
          </li>
        );
      })}
    </ol>
  );
}
