"use client";
// Entry → each email's sends → goal, as horizontal bars relative to entries; unique contacts
// beside a count only where they differ from it (a contact entered or got the email twice).
import { formatCount } from "@/components/ui/format";
import type { FunnelStage } from "./funnel-stages";
import styles from "./metrics.module.css";
import { formatRate } from "./rates";
import type { CSSProperties } from "react";

export function Funnel({ stages }: { stages: readonly FunnelStage[] }) {
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
            <span className="num" data-testid={`funnel-value-${stage.id}`}>
              {formatCount(stage.value)}
              {stage.contacts === null ? null : (
                <span className={styles.contacts}> · {formatCount(stage.contacts)} contacts</span>
              )}
            </span>
            <span className="faint">{formatRate(top > 0 ? share : null)}</span>
          </li>
        );
      })}
    </ol>
  );
}
