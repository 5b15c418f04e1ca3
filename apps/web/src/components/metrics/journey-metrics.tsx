"use client";
// Live metrics for one journey: headline cards, the canvas with counts on every node and
// edge, the funnel, email charts and tables, and experiments. Loads a snapshot, then the
// `dashboardLive` SSE subscription (one shared poller per filter on the server) pushes each
// change into the same query cache entry.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { StepDrilldown } from "@/components/drilldown/step-drilldown";
import type { TemplateOption } from "@/components/canvas/kinds/canvas-kind";
import { formatCount } from "@/components/ui/format";
import { AlertsList } from "./alerts-list";
import { CsvButton, csvSlug } from "./csv-button";
import { EmailChart } from "./email-chart";
import { EmailTables } from "./email-tables";
import { ExperimentsPanel, type SplitWinners } from "./experiments-panel";
import { Funnel } from "./funnel";
import { funnelStages } from "./funnel-stages";
import { MetricsCanvas } from "./metrics-canvas";
import { DEFAULT_FILTER, MetricsFilters, type MetricsFilterState } from "./metrics-filters";
import styles from "./metrics.module.css";
import { StatCard } from "./stat-card";
import { orderNodeRows } from "./node-rows";
import { StepsTable } from "./steps-table";

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
  return <StatCard {...props} value={props.value === undefined ? "–" : formatCount(props.value)} />;
}

export function JourneyMetricsView({ journeyId }: { journeyId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<MetricsFilterState>(DEFAULT_FILTER);
  const [winners, setWinners] = useState<SplitWinners>(() => new Map());
  const journey = useQuery(trpc.journeys.byId.queryOptions({ journeyId }));
  const templates = useQuery(trpc.templates.list.queryOptions());
  const versions = useQuery(trpc.metrics.versions.queryOptions({ journeyId }));
  const input = { journeyId, ...filter };
  const dashboardQuery = trpc.metrics.dashboard.queryOptions(input);
  const live = useSubscription(
    trpc.metrics.dashboardLive.subscriptionOptions(input, {
      onData: (data) => queryClient.setQueryData(dashboardQuery.queryKey, data),
    }),
  );
  // As in the experiments panel: a refused or dropped live stream degrades to polling.
  const dashboard = useQuery({ ...dashboardQuery, refetchInterval: live.status === "error" ? 5_000 : false });
  // Unique contacts are a distinct count over rows, not a rollup: read on load, when the
  // counts move (at most every 5 s) and every 30 s, never on every live tick.
  const reach = useQuery({ ...trpc.metrics.reach.queryOptions(input), refetchInterval: 30_000 });
  const flowTotals = `${dashboard.data?.flow.entered}:${dashboard.data?.flow.emailsSent}`;
  const { refetch: refetchReach, dataUpdatedAt: reachAt } = reach;
  useEffect(() => {
    if (Date.now() - reachAt > 5_000) void refetchReach();
  }, [flowTotals, reachAt, refetchReach]);

  // Under a version filter the canvas draws that version's graph (what its runs ran); otherwise the live one.
  const versionGraph = useQuery({
    ...trpc.metrics.versionGraph.queryOptions({ journeyId, versionId: filter.versionId ?? "" }),
    enabled: filter.versionId !== null,
    staleTime: Infinity,
  });
  const graph = useMemo(() => {
    if (filter.versionId) return versionGraph.data?.graph ?? null;
    if (!journey.data) return null;
    return journey.data.liveGraph ?? journey.data.draft;
  }, [journey.data, filter.versionId, versionGraph.data]);
  const templateNames = useMemo(() => new Map((templates.data ?? []).map((t) => [t.id, t.name])), [templates.data]);
  const templateOptions = useMemo(
    () =>
      new Map<string, TemplateOption>(
        (templates.data ?? []).map((t) => [t.id, { id: t.id, name: t.name, subject: t.subject }]),
      ),
    [templates.data],
  );
  const rows = useMemo(() => (graph ? orderNodeRows(graph, templateNames) : []), [graph, templateNames]);
  const nodeLabels = useMemo(() => new Map(rows.map((r) => [r.id, r.label])), [rows]);
  // The drill-down: who is at the step clicked on the canvas or in the steps table.
  const [drillNodeId, setDrillNodeId] = useState<string | null>(null);
  const drillStep = rows.find((row) => row.id === drillNodeId && row.kind !== "trigger") ?? null;
  const moveTargets = useMemo(() => rows.filter((row) => row.kind !== "trigger"), [rows]);

  if (journey.isError) {
    return (
      <div className="page">
        <h1>Cannot show this journey</h1>
        <p className="muted">{journey.error.message}</p>
      </div>
    );
  }

  const m = dashboard.data?.flow;
  const slug = csvSlug(journey.data?.name ?? "journey");
  const entered = m?.entered ?? 0;
  const funnel = funnelStages(rows, m, reach.data);
  const enteredContacts = funnel[0]?.contacts ?? null;
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
        <MetricCard
          label="Entered"
          value={m?.entered}
          testId="metric-entered"
          sub={enteredContacts === null ? "runs started" : `runs started · ${formatCount(enteredContacts)} contacts`}
        />
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

      {graph ? (
        <section className="card">
          <div className="card-header">
            <h2>Flow{versionGraph.data && filter.versionId ? ` · v${versionGraph.data.version}` : ""}</h2>
            <span className="faint">
              Runs that entered each step (· waiting there now); edges: runs that took them · share of the step before
            </span>
          </div>
          <MetricsCanvas
            graph={graph}
            metrics={m}
            templates={templateOptions}
            winners={winners}
            onNodeClick={setDrillNodeId}
          />
        </section>
      ) : null}
      {drillStep ? (
        <StepDrilldown
          key={drillStep.id}
          journeyId={journeyId}
          versionId={filter.versionId ?? undefined}
          step={drillStep}
          steps={moveTargets}
          onClose={() => setDrillNodeId(null)}
        />
      ) : null}

      <section className="card">
        <div className="card-header">
          <h2>Funnel</h2>
          <span className="faint">Runs that entered → emails handed to the transport → runs that reached the goal</span>
          <CsvButton
            filename={`${slug}-funnel.csv`}
            header={["Stage", "Count", "Share of entered", "Contacts"]}
            rows={() =>
              funnel.map((f) => [f.label, f.value, entered > 0 ? f.value / entered : "", f.contacts ?? f.value])
            }
            testId="funnel-csv"
          />
        </div>
        <Funnel stages={funnel} />
      </section>

      <StepsTable
        rows={rows}
        metrics={m}
        isPending={journey.isPending}
        filename={`${slug}-steps.csv`}
        onStepClick={setDrillNodeId}
      />

      <section className="card">
        <div className="card-header">
          <h2>Email activity</h2>
          <span className="faint">All email steps of this journey</span>
        </div>
        <EmailChart series={dashboard.data?.series ?? []} grain={filter.grain} />
      </section>
      <EmailTables
        emails={dashboard.data?.emails ?? []}
        nodeLabels={nodeLabels}
        templateNames={templateNames}
        filenamePrefix={slug}
      />
      <ExperimentsPanel
        journeyId={journeyId}
        versionId={filter.versionId}
        range={filter.range}
        from={filter.from}
        to={filter.to}
        nodeLabels={nodeLabels}
        onWinners={setWinners}
      />
    </div>
  );
}
