"use client";
// One run: who, which journey and version, its status and end reason, where it is now (and
// when a pause ends), the link to its workflow in the Temporal UI, and the step log with each
// step's name, state, decision and the inputs it was made from. Names and states come from the
// API's one run-path computation. Active runs are re-read every few seconds.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { useTRPC } from "@/trpc/client";
import styles from "@/components/journeys/journeys.module.css";
import u from "@/components/ui/utility.module.css";
import { Time } from "@/components/ui/time";
import { CurrentStep, PauseEnd, STEP_STATE_LABELS } from "./current-step";
import { EndRunButton } from "./end-run-button";
import { runStatusBadge } from "./runs-table";
import { describeStep } from "./step-details";
import { temporalWorkflowUrl, type TemporalUi } from "./temporal-link";
import { Card, CardNote } from "@/components/ui/card";

const STATE_BADGES = {
  done: "badge",
  current: "badge badge-live",
  waiting: "badge badge-live",
  cut_short: "badge badge-paused",
};

export function RunInspector({ runId, temporalUi }: { runId: string; temporalUi: TemporalUi }) {
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
  const { run, version, steps, position } = query.data;
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
        <div className={styles.filters}>
          <a
            className="btn"
            href={temporalWorkflowUrl(temporalUi, run.workflowId)}
            target="_blank"
            rel="noopener noreferrer"
            title={`Workflow ${run.workflowId} in the Temporal UI`}
          >
            Open in Temporal
          </a>
          {run.status === "active" ? <EndRunButton runId={runId} contact={contact} onEnded={refresh} /> : null}
        </div>
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
            (published <Time value={version.publishedAt} />)
          </dd>
          <dt>Current step</dt>
          <dd data-testid="run-current-node">
            <CurrentStep status={run.status} position={position} />
          </dd>
          {run.entryKey ? (
            <>
              <dt>Entry key</dt>
              <dd className="mono">{run.entryKey}</dd>
            </>
          ) : null}
          <dt>Started</dt>
          <dd>
            <Time value={run.startedAt} />
          </dd>
          <dt>Ended</dt>
          <dd>{run.endedAt ? <Time value={run.endedAt} /> : "still running"}</dd>
          <dt>End reason</dt>
          <dd data-testid="run-end-reason">{run.endReason ?? "—"}</dd>
          {run.convertedAt ? (
            <>
              <dt>Converted</dt>
              <dd>
                <Time value={run.convertedAt} />
              </dd>
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
                <th className={styles.colOutcome}>State and outcome</th>
                <th>Decision and inputs</th>
                <th className={styles.colAt}>At</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((step) => (
                <tr key={step.seq} data-testid="run-step" data-node-id={step.nodeId} data-state={step.state}>
                  <td className="num">{step.seq}</td>
                  <td className={u.strong}>{step.name}</td>
                  <td>
                    <span className={STATE_BADGES[step.state]}>{STEP_STATE_LABELS[step.state]}</span>
                    {/* What the step decided (matched, timed out, sent, skipped…): a state alone hides it. */}
                    {step.outcome !== "waiting" ? (
                      <span className={`badge ${styles.outcome}`} data-testid="run-step-outcome">
                        {step.outcome.replace(/_/g, " ")}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <ul className={styles.stepLines}>
                      {describeStep(step, graph).map((line, i) => (
                        <li key={i}>{line}</li>
                      ))}
                      {step.state === "waiting" ? (
                        <li>
                          <PauseEnd step={step} />
                        </li>
                      ) : null}
                    </ul>
                  </td>
                  <td className="muted">
                    <Time value={step.at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
    </div>
  );
}
