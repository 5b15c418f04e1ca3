"use client";
// A contact's journey view: every run of the contact (newest first), and for the one chosen,
// the canvas of the version it is pinned to with its path, where it is now and every decision
// it made (with the inputs each was made from) — the same run-path the run inspector reads.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { useTRPC } from "@/trpc/client";
import { CurrentStep, STEP_STATE_LABELS } from "@/components/runs/current-step";
import { describeStep } from "@/components/runs/step-details";
import { Time } from "@/components/ui/time";
import { RunPathCanvas } from "./run-path-canvas";
import styles from "./run-path.module.css";

const PAGE = 50;

export function ContactJourneysView({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const contact = useQuery(trpc.contacts.byId.queryOptions({ contactId }, { retry: false }));
  const runs = useInfiniteQuery(
    trpc.contacts.runs.infiniteQueryOptions(
      { contactId, limit: PAGE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = runs.data?.pages.flatMap((page) => page.data) ?? [];
  const chosenId = useSearchParams().get("run") ?? items[0]?.id ?? null;
  const who = contact.data ? (contact.data.email ?? contact.data.userId ?? contactId) : "…";

  if (contact.isError) {
    return (
      <div className="page">
        <h1>Cannot show this contact</h1>
        <p className="muted">{contact.error.message}</p>
      </div>
    );
  }
  return (
    <div className="page stack">
      <div className="breadcrumb">
        <Link href="/contacts">Contacts</Link> / <Link href={`/contacts/${contactId}`}>{who}</Link> / Journeys
      </div>
      <header className="page-header">
        <div>
          <h1>{who} · Journeys</h1>
          <p>Each run on the canvas of its version: the path taken, where it is now, and every decision.</p>
        </div>
      </header>
      <div className={styles.layout}>
        <section className="card" aria-label="Runs of this contact">
          <div className="card-header">
            <h2>Runs</h2>
          </div>
          {items.length === 0 && !runs.isPending ? <p className="card-body muted">Not in any journey yet.</p> : null}
          <ul className={styles.runList} data-testid="contact-journey-runs">
            {items.map((run) => (
              <li key={run.id}>
                <Link
                  className={styles.runLink}
                  href={`${pathname}?run=${run.id}`}
                  aria-current={run.id === chosenId ? "true" : undefined}
                  replace
                >
                  <div>
                    {run.journeyName} · v{run.version}
                  </div>
                  <div className="faint">
                    {run.status} · <Time value={run.startedAt} relative />
                  </div>
                </Link>
              </li>
            ))}
          </ul>
          {runs.hasNextPage ? (
            <div className="card-body">
              <button type="button" className="btn" onClick={() => runs.fetchNextPage()}>
                Show more
              </button>
            </div>
          ) : null}
        </section>
        {chosenId ? <RunJourney runId={chosenId} /> : null}
      </div>
    </div>
  );
}

function RunJourney({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.runs.get.queryOptions({ runId }),
    refetchInterval: (q) => (q.state.data?.run.status === "active" ? 5_000 : false),
  });
  const templates = useQuery(trpc.templates.list.queryOptions());
  const templateOptions = useMemo(
    () => (templates.data ?? []).map((t) => ({ id: t.id, name: t.name, subject: t.subject })),
    [templates.data],
  );
  if (query.isPending) return <p className="muted">Loading the run…</p>;
  if (query.isError) return <p className="muted">{query.error.message}</p>;
  const { run, version, steps, position } = query.data;
  const graph = version.graph as JourneyGraph;
  return (
    <div className="stack" data-testid="contact-journey">
      <section className="card">
        <div className="card-header">
          <h2>
            <Link href={`/journeys/${run.journeyId}/metrics`}>{run.journeyName}</Link> · v{version.version}
          </h2>
          <span className="faint" data-testid="contact-journey-position">
            <CurrentStep status={run.status} position={position} />
            {run.endReason ? ` · ${run.endReason}` : ""}
          </span>
          <Link className="btn" href={`/runs/${run.id}`}>
            Run inspector
          </Link>
        </div>
        {templates.isPending ? null : <RunPathCanvas graph={graph} steps={steps} templates={templateOptions} />}
      </section>
      <section className="card" aria-label="Decisions">
        <div className="card-header">
          <h2>Every step and decision</h2>
        </div>
        <ol className={styles.decisions} data-testid="contact-journey-steps">
          {steps.map((step) => (
            <li key={step.seq} data-node-id={step.nodeId} data-state={step.state}>
              <b>{step.name}</b> ·{" "}
              {step.state === "done" ? step.outcome.replace(/_/g, " ") : STEP_STATE_LABELS[step.state]}{" "}
              <span className="faint">
                (<Time value={step.at} />)
              </span>
              {describeStep(step, graph).map((line, i) => (
                <div key={i} className="faint">
                  {line}
                </div>
              ))}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
