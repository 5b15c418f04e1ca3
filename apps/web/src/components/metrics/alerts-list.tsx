"use client";
// Delivery-health alerts (bounce / complaint rate over a sliding window) for a journey or
// the whole workspace, refreshed every 10 s. Each names what it is about: the journey (a
// link to its metrics) or the recipient domain, which spans journeys; and what was done.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";
import { CsvButton } from "./csv-button";
import type { AlertView } from "./metrics-types";
import { formatRate } from "./rates";
import styles from "./metrics.module.css";
import u from "@/components/ui/utility.module.css";

const METRIC_LABELS: Record<string, string> = { bounce_rate: "Bounce rate", complaint_rate: "Complaint rate" };

function subjectOf(a: AlertView) {
  if (a.scope.startsWith("domain:")) return <>recipients at {a.scope.slice("domain:".length)} (all journeys)</>;
  if (!a.journeyId) return <>a deleted journey</>;
  return (
    <>
      the journey <Link href={`/journeys/${a.journeyId}/metrics`}>{a.journeyName ?? a.journeyId}</Link>
    </>
  );
}

function actionOf(a: AlertView, journeyScoped: boolean): string {
  if (a.action === "paused")
    return journeyScoped ? " The journey was paused." : ` ${a.journeyName ?? "The journey"} was paused.`;
  if (a.action.startsWith("paused journeys: ")) return ` Paused ${a.action.slice("paused journeys: ".length)}.`;
  if (a.action.startsWith("none:")) return ` Nothing paused (${a.action.slice("none:".length).trim()}).`;
  return a.action === "none" ? "" : ` (${a.action})`;
}

export function AlertsList({ journeyId }: { journeyId?: string }) {
  const trpc = useTRPC();
  const alerts = useQuery({
    ...trpc.metrics.alerts.queryOptions(journeyId ? { journeyId } : {}),
    refetchInterval: 10_000,
  });
  const all = alerts.data ?? [];
  const open = all.filter((a) => a.resolvedAt === null);
  if (journeyId) {
    if (open.length === 0) return null;
    return (
      <div className={`${styles.alerts} ${styles.cardInset}`} role="alert" data-testid="metric-alerts">
        {open.map((a) => (
          <AlertLine key={a.id} alert={a} journeyScoped />
        ))}
      </div>
    );
  }
  return (
    <>
      <div className={`row ${u.rowEnd} ${styles.cardInset}`}>
        <CsvButton
          filename="delivery-alerts.csv"
          header={[
            "Metric",
            "Scope",
            "Journey",
            "Rate",
            "Threshold",
            "Sends",
            "Window (min)",
            "Action",
            "Raised",
            "Resolved",
          ]}
          rows={() =>
            all.map((a) => [
              METRIC_LABELS[a.metric] ?? a.metric,
              a.scope,
              a.journeyName ?? "",
              a.rate,
              a.threshold,
              a.sends,
              a.windowMinutes,
              a.action,
              new Date(a.raisedAt).toISOString(),
              a.resolvedAt ? new Date(a.resolvedAt).toISOString() : "",
            ])
          }
          testId="alerts-csv"
        />
      </div>
      {all.length === 0 ? <p className={`faint ${styles.cardInset}`}>No delivery alerts.</p> : null}
      <div
        className={`${styles.alerts} ${styles.cardInset}`}
        role={open.length > 0 ? "alert" : undefined}
        data-testid="metric-alerts"
      >
        {all.map((a) => (
          <AlertLine key={a.id} alert={a} journeyScoped={false} />
        ))}
      </div>
    </>
  );
}

function AlertLine({ alert: a, journeyScoped }: { alert: AlertView; journeyScoped: boolean }) {
  return (
    <div
      className={a.resolvedAt ? `${styles.alert} ${styles.alertResolved}` : styles.alert}
      data-testid={`alert-${a.id}`}
    >
      <strong>{METRIC_LABELS[a.metric] ?? a.metric}</strong> {formatRate(a.rate, 2)} over the last {a.windowMinutes} min
      ({a.sends} sends) is above {formatRate(a.threshold, 2)} for{" "}
      {journeyScoped && !a.scope.startsWith("domain:") ? "this journey" : subjectOf(a)}.{actionOf(a, journeyScoped)}
      <span className="faint">
        {" "}
        Raised {new Date(a.raisedAt).toLocaleString()}
        {a.resolvedAt ? `; resolved ${new Date(a.resolvedAt).toLocaleString()}` : ""}.
      </span>
    </div>
  );
}
