"use client";
// Delivery-health alerts (bounce / complaint rate over a sliding window) for a journey or
// the whole workspace; open ones first, refreshed every 10 s.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../trpc/client";
import { formatRate } from "./rates";

const METRIC_LABELS: Record<string, string> = { bounce_rate: "Bounce rate", complaint_rate: "Complaint rate" };

export function AlertsList({ journeyId }: { journeyId?: string }) {
  const trpc = useTRPC();
  const alerts = useQuery({ ...trpc.metrics.alerts.queryOptions(journeyId ? { journeyId } : {}), refetchInterval: 10_000 });
  const open = (alerts.data ?? []).filter((a) => a.resolvedAt === null);
  if (!journeyId && (alerts.data ?? []).length === 0) return <p className="faint">No delivery alerts.</p>;
  if (open.length === 0) return null;
  return (
    <div className="mx-alerts" role="alert" data-testid="metric-alerts">
      {open.map((a) => (
        <div key={a.id} className="mx-alert">
          <strong>{METRIC_LABELS[a.metric] ?? a.metric}</strong> {formatRate(a.rate, 2)} over the last {a.windowMinutes} min (
          {a.sends} sends) is above {formatRate(a.threshold, 2)} for{" "}
          {a.scope.startsWith("domain:") ? `recipients at ${a.scope.slice("domain:".length)}` : "this journey"}.
          {a.action === "paused" ? " The journey was paused." : a.action !== "none" ? ` (${a.action})` : ""}
          <span className="faint"> Raised {new Date(a.raisedAt).toLocaleString()}.</span>
        </div>
      ))}
    </div>
  );
}
