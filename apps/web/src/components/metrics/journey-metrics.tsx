"use client";
// Live metrics for one journey: headline cards and per-node counts. Loads a snapshot, then
// the `journeyLive` SSE subscription pushes each change into the same query cache entry.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useMemo } from "react";
import { useTRPC } from "../../trpc/client";
import { KindIcon } from "../canvas/kind-icon";
import { formatCount } from "../ui/format";
import styles from "./metrics.module.css";
import { orderNodeRows } from "./node-rows";

function LiveIndicator({ status }: { status: "idle" | "connecting" | "pending" | "error" }) {
  const state = status === "pending" ? "live" : status === "error" ? "error" : "connecting";
  const text = state === "live" ? "Live" : state === "error" ? "Disconnected — retrying" : "Connecting…";
  return (
    <span className="live-dot" data-state={state} data-testid="live-indicator" role="status">
      {text}
    </span>
  );
}

function MetricCard(props: { label: string; value: number | undefined; sub?: string; testId: string }) {
  return (
    <div className={`card ${styles.card}`}>
      <div className={styles.cardLabel}>{props.label}</div>
      <div className={styles.cardValue} data-testid={props.testId}>
        {props.value === undefined ? "–" : formatCount(props.value)}
      </div>
      {props.sub ? <div className={styles.cardSub}>{props.sub}</div> : null}
    </div>
  );
}

export function JourneyMetricsView({ journeyId }: { journeyId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const journey = useQuery(trpc.journeys.byId.queryOptions({ journeyId }));
  const templates = useQuery(trpc.templates.list.queryOptions());
  const metricsQuery = trpc.metrics.journey.queryOptions({ journeyId });
  const metrics = useQuery(metricsQuery);
  const live = useSubscription(
    trpc.metrics.dashboardLive.subscriptionOptions(
      { journeyId },
      { onData: (data) => queryClient.setQueryData(metricsQuery.queryKey, data.flow) },
    ),
  );

  const rows = useMemo(() => {
    const graph = journey.data?.liveGraph ?? journey.data?.draft;
    if (!graph) return [];
    return orderNodeRows(graph, new Map((templates.data ?? []).map((t) => [t.id, t.name])));
  }, [journey.data, templates.data]);

  if (journey.isError) {
    return (
      <div className="page">
        <h1>Cannot show this journey</h1>
        <p className="muted">{journey.error.message}</p>
      </div>
    );
  }

  const m = metrics.data;
  const entered = m?.entered ?? 0;
  return (
    <div className="page">
      <div className="breadcrumb">
        <Link href="/journeys">Journeys</Link> / {journey.data?.name ?? "…"}
      </div>
      <header className="page-header">
        <div>
          <div className="row">
            <h1>{journey.data?.name ?? "Journey"} · Metrics</h1>
            {journey.data ? <span className={`badge badge-${journey.data.status}`}>{journey.data.status}</span> : null}
          </div>
          <p>
            {journey.data?.liveVersion ? `Live version v${journey.data.liveVersion}. ` : "Not published yet. "}
            Numbers update as contacts move through the journey.
          </p>
        </div>
        <div className="row">
          <LiveIndicator status={live.status} />
          <Link className="btn" href={`/journeys/${journeyId}/edit`}>
            Edit journey
          </Link>
        </div>
      </header>

      <section className={styles.cards} aria-label="Journey totals">
        <MetricCard label="Entered" value={m?.entered} testId="metric-entered" sub="runs started" />
        <MetricCard label="Active" value={m?.active} testId="metric-active" sub="in progress now" />
        <MetricCard
          label="Completed"
          value={m?.completed}
          testId="metric-completed"
          sub={
            m && (m.exited > 0 || m.failed > 0)
              ? `${formatCount(m.exited)} exited · ${formatCount(m.failed)} failed`
              : "reached an exit"
          }
        />
        <MetricCard label="Emails sent" value={m?.emailsSent} testId="metric-sent" sub="handed to the transport" />
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Steps</h2>
          <span className="faint">Runs that reached each step</span>
        </div>
        <table className="table" data-testid="node-counts">
          <thead>
            <tr>
              <th>Step</th>
              <th className="num">Reached</th>
              <th>Of entered</th>
              <th className="num">Emails sent</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const reached = m?.nodeCounts[row.id] ?? 0;
              const share = entered > 0 ? Math.min(1, reached / entered) : 0;
              return (
                <tr key={row.id} data-testid={`node-row-${row.id}`}>
                  <td>
                    <span className={`${styles.kind} ${styles[`kind_${row.kind}`]}`} aria-hidden>
                      <KindIcon kind={row.kind} size={14} />
                    </span>
                    {row.label}
                    <span className={styles.nodeId}>{row.id}</span>
                  </td>
                  <td className="num" data-testid={`node-count-${row.id}`}>
                    {formatCount(reached)}
                  </td>
                  <td>
                    <span className={styles.bar} aria-hidden>
                      <span className={styles.barFill} style={{ width: `${share * 100}%` }} />
                    </span>
                    <span className={styles.pct}>{Math.round(share * 100)}%</span>
                  </td>
                  <td className="num">{row.kind === "email" ? formatCount(m?.sentByNode[row.id] ?? 0) : "—"}</td>
                </tr>
              );
            })}
            {rows.length === 0 && !journey.isPending ? (
              <tr>
                <td colSpan={4} className="empty">
                  This journey has no steps yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>
    </div>
  );
}
