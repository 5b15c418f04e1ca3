"use client";
// Live metrics for one journey: headline cards, the canvas with counts on every node and
// edge, the funnel, email charts and tables, and experiments. Loads a snapshot, then the
// `dashboardLive` SSE subscription (one shared poller per filter on the server) pushes each
// change into the same query cache entry.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useTRPC } from "../../trpc/client";
import { KindIcon } from "../canvas/kind-icon";
import type { TemplateOption } from "../canvas/node-kinds";
import { formatCount } from "../ui/format";
import { AlertsList } from "./alerts-list";
import { EmailChart } from "./email-chart";
import { EmailTables } from "./email-tables";
import { ExperimentsPanel } from "./experiments-panel";
import { Funnel } from "./funnel";
import { MetricsCanvas } from "./metrics-canvas";
import { MetricsFilters, type MetricsFilterState } from "./metrics-filters";
import "./metrics.css";
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
  const [filter, setFilter] = useState<MetricsFilterState>({ range: "all", grain: "hour", versionId: null });
  const journey = useQuery(trpc.journeys.byId.queryOptions({ journeyId }));
  const templates = useQuery(trpc.templates.list.queryOptions());
  const versions = useQuery(trpc.metrics.versions.queryOptions({ journeyId }));
  const input = { journeyId, ...filter };
  const dashboardQuery = trpc.metrics.dashboard.queryOptions(input);
  const dashboard = useQuery(dashboardQuery);
  const live = useSubscription(
    trpc.metrics.dashboardLive.subscriptionOptions(input, {
      onData: (data) => queryClient.setQueryData(dashboardQuery.queryKey, data),
    }),
  );

  const graph = useMemo(() => {
    if (!journey.data) return null;
    // The chosen version's drawing would be exact; the live one is what most filters mean.
    return journey.data.liveGraph ?? journey.data.draft;
  }, [journey.data]);
  const templateNames = useMemo(() => new Map((templates.data ?? []).map((t) => [t.id, t.name])), [templates.data]);
  const templateOptions = useMemo(
    () => new Map<string, TemplateOption>((templates.data ?? []).map((t) => [t.id, { id: t.id, name: t.name, subject: t.subject }])),
    [templates.data],
  );
  const rows = useMemo(() => (graph ? orderNodeRows(graph, templateNames) : []), [graph, templateNames]);
  const nodeLabels = useMemo(() => new Map(rows.map((r) => [r.id, r.label])), [rows]);

  if (journey.isError) {
    return (
      <div className="page">
        <h1>Cannot show this journey</h1>
        <p className="muted">{journey.error.message}</p>
      </div>
    );
  }

  const m = dashboard.data?.flow;
  const entered = m?.entered ?? 0;
  const funnel = [
    { id: "entered", label: "Entered", value: entered },
    ...rows.filter((r) => r.kind === "email").map((r) => ({ id: r.id, label: r.label, value: m?.nodeCounts[r.id] ?? 0 })),
    { id: "converted", label: "Reached the goal", value: m?.converted ?? 0 },
  ];
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
      <MetricsFilters value={filter} versions={versions.data ?? []} onChange={setFilter} />
      <AlertsList journeyId={journeyId} />

      <section className={styles.cards} aria-label="Journey totals">
        <MetricCard label="Entered" value={m?.entered} testId="metric-entered" sub="runs started" />
        <MetricCard label="Active" value={m?.active} testId="metric-active" sub="in progress now" />
        <MetricCard
          label="Completed"
          value={m?.completed}
          testId="metric-completed"
          sub={m && (m.exited > 0 || m.failed > 0) ? `${formatCount(m.exited)} exited · ${formatCount(m.failed)} failed` : "reached an exit"}
        />
        <MetricCard label="Emails sent" value={m?.emailsSent} testId="metric-sent" sub="handed to the transport" />
      </section>

      {graph ? (
        <section className="card">
          <div className="card-header">
            <h2>Flow</h2>
            <span className="faint">Runs that entered each step (· waiting there now); edges: runs that took them</span>
          </div>
          <MetricsCanvas graph={graph} metrics={m} templates={templateOptions} />
        </section>
      ) : null}

      <section className="card">
        <div className="card-header">
          <h2>Funnel</h2>
          <span className="faint">Entry → emails → goal</span>
        </div>
        <Funnel stages={funnel} />
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
              <th className="num">Waiting now</th>
              <th>Outlets taken</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const reached = m?.nodeCounts[row.id] ?? 0;
              const share = entered > 0 ? Math.min(1, reached / entered) : 0;
              const outcomes = Object.entries(m?.outcomesByNode[row.id] ?? {}).filter(([k]) => k !== "waiting");
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
                  <td className="num">{formatCount(m?.waitingByNode[row.id] ?? 0)}</td>
                  <td className="faint">{outcomes.map(([k, n]) => `${k}: ${formatCount(n)}`).join(" · ") || "—"}</td>
                </tr>
              );
            })}
            {rows.length === 0 && !journey.isPending ? (
              <tr>
                <td colSpan={5} className="empty">
                  This journey has no steps yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Email activity</h2>
          <span className="faint">All email steps of this journey</span>
        </div>
        <EmailChart series={dashboard.data?.series ?? []} grain={filter.grain} />
      </section>
      <EmailTables emails={dashboard.data?.emails ?? []} nodeLabels={nodeLabels} templateNames={templateNames} journeyName={journey.data?.name ?? "journey"} />
      <ExperimentsPanel journeyId={journeyId} versionId={filter.versionId} range={filter.range} nodeLabels={nodeLabels} />
    </div>
  );
}
