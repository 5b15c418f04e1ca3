"use client";
// One run: who, which journey and version, its status and end reason, the step it is on,
// and the step log with each decision and the inputs it was made from. Active runs are
// re-read every few seconds so the log grows in place.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { NODE_KIND_LABELS, type JourneyGraph, type NodeKind } from "@mailstream/journey/schema";
import { useTRPC } from "@/trpc/client";
import styles from "@/components/journeys/journeys.module.css";
import u from "@/components/ui/utility.module.css";
import { summarizeNode } from "@/components/canvas/kinds/registry";
import { formatDateTime } from "@/components/ui/format";
import { EndRunButton } from "./end-run-button";
import { runStatusBadge } from "./runs-table";
import { describeStep } from "./step-details";
import { Card, CardNote } from "@/components/ui/card";

/** "Email · Send (template …)" for a node of the run's version; journey-level pseudo-steps by name. */
function stepLabel(nodeId: string, kind: string, graph: JourneyGraph | undefined): string {
  if (kind === "goal") return "Goal";
  if (kind === "exit_criterion") return "Exit criterion";
  const node = graph?.nodes.find((n) => n.id === nodeId);
  const title = NODE_KIND_LABELS[kind as NodeKind] ?? kind;
  return node ? `${title} · ${summarizeNode(node.data, new Map())}` : `${title} · ${nodeId}`;
}

export function RunInspector({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery({
    ...trpc.runs.get.queryOptions({ runId }),
    refetchInterval: (q) => (q.state.data?.run.status === "active" ? 3_000 : false),
  });
  if (query.isPending) return <div className="page muted">Loading run…</div>;
  if (query.isError) {
    return (
      <div className="page">
        <h1>Cannot show this run</h1>
        <p className="muted">{query.error.message}</p>
      </div>
    );
  }
  const { run, version, steps } = query.data;
  const graph = version.graph as JourneyGraph;
  const contact = run.contactEmail ?? run.contactUserId ?? run.contactId;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId }) });

  return (
    <div className="page stack">
      <header className="page-header">
        <div>
          <div className="breadcrumb">
            <Link href="/journeys">Journeys</Link> /{" "}
            <Link href={`/journeys/${run.journeyId}/runs`}>{run.journeyName}</Link> / Run
          </div>
          <div className={styles.titleRow}>
            <h1>{contact}</h1>
            <span className={runStatusBadge(run.status)} data-testid="run-status">
              {run.status}
            </span>
          </div>
        </div>
        {run.status === "active" ? <EndRunButton runId={runId} contact={contact} onEnded={refresh} /> : null}
      </header>

      <section className="card card-body">
        <dl className={styles.details} data-testid="run-details">
          <dt>Contact</dt>
          <dd>
            <Link href={`/contacts/${run.contactId}`}>{contact}</Link>
          </dd>
          <dt>Journey</dt>
          <dd>
            <Link href={`/journeys/${run.journeyId}/runs`}>{run.journeyName}</Link> · version {version.version}{" "}
            (published {formatDateTime(version.publishedAt)})
          </dd>
          <dt>Current step</dt>
          <dd data-testid="run-current-node">
            {run.status === "active" && run.currentNodeId
              ? stepLabel(
                  run.currentNodeId,
                  graph.nodes.find((n) => n.id === run.currentNodeId)?.data.kind ?? "",
                  graph,
                )
              : "—"}
          </dd>
          {run.entryKey ? (
            <>
              <dt>Entry key</dt>
              <dd className="mono">{run.entryKey}</dd>
            </>
          ) : null}
          <dt>Started</dt>
          <dd>{formatDateTime(run.startedAt)}</dd>
          <dt>Ended</dt>
          <dd>{run.endedAt ? formatDateTime(run.endedAt) : "still running"}</dd>
          <dt>End reason</dt>
          <dd data-testid="run-end-reason">{run.endReason ?? "—"}</dd>
          {run.convertedAt ? (
            <>
              <dt>Converted</dt>
              <dd>{formatDateTime(run.convertedAt)}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <Card title="Step log" testId="run-steps">
        {steps.length === 0 ? <CardNote>No step recorded yet.</CardNote> : null}
        {steps.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th className={`num ${styles.colStep}`}>#</th>
                <th>Step</th>
                <th className={styles.colOutcome}>Outcome</th>
                <th>Decision and inputs</th>
                <th className={styles.colAt}>At</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((step) => (
                <tr key={step.seq} data-testid="run-step" data-node-id={step.nodeId}>
                  <td className="num">{step.seq}</td>
                  <td className={u.strong}>{stepLabel(step.nodeId, step.kind, graph)}</td>
                  <td>
                    <span className="badge">{step.outcome.replace(/_/g, " ")}</span>
                  </td>
                  <td>
                    <ul className={styles.stepLines}>
                      {describeStep(step, graph).map((line, i) => (
                        <li key={i}>{line}</li>
                      ))}
                    </ul>
                  </td>
                  <td className="muted">{formatDateTime(new Date(step.at))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
    </div>
  );
}
