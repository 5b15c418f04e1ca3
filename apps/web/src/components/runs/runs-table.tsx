"use client";
// A journey's runs, newest first, filtered by status and version and paged with "Load
// more". Each row names the contact, the version the run is pinned to and the step it is on
// (and when a pause ends), and opens the run inspector.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import styles from "@/components/journeys/journeys.module.css";
import u from "@/components/ui/utility.module.css";
import { Time } from "@/components/ui/time";
import { CurrentStep } from "./current-step";

const PAGE_SIZE = 25;
const RUN_STATUSES = ["active", "completed", "exited", "failed"] as const;
type RunStatus = (typeof RUN_STATUSES)[number];

/** Badge colour per run status, reusing the journey/message badge palette. */
export function runStatusBadge(status: string): string {
  return status === "active"
    ? "badge badge-live"
    : status === "failed"
      ? "badge badge-failed"
      : status === "exited"
        ? "badge badge-paused"
        : "badge";
}

export function RunsTable({ journeyId }: { journeyId: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<RunStatus | "">("");
  const [versionId, setVersionId] = useState("");
  const versions = useQuery(trpc.journeys.versions.queryOptions({ journeyId }));
  const input = { journeyId, limit: PAGE_SIZE, status: status || undefined, versionId: versionId || undefined };
  const runs = useInfiniteQuery({
    ...trpc.runs.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor }),
    // Runs move on their own; keep the list current without a reload.
    refetchInterval: 5_000,
  });
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="card" data-testid="journey-runs">
      <div className="card-header">
        <h2>Runs</h2>
        <div className={styles.filters}>
          <select
            className="input"
            aria-label="Status"
            value={status}
            onChange={(e) => setStatus(e.target.value as RunStatus | "")}
          >
            <option value="">All statuses</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <select
            className="input"
            aria-label="Version"
            value={versionId}
            onChange={(e) => setVersionId(e.target.value)}
          >
            <option value="">All versions</option>
            {versions.data?.map((v) => (
              <option key={v.id} value={v.id}>
                v{v.version}
              </option>
            ))}
          </select>
        </div>
      </div>
      {runs.error ? <div className="card-body alert alert-error">{runs.error.message}</div> : null}
      {runs.isSuccess && items.length === 0 ? (
        <div className="card-body muted">
          {status || versionId ? "No runs match these filters." : "No one has entered this journey yet."}
        </div>
      ) : null}
      {items.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>Contact</th>
              <th className="num">Version</th>
              <th>Status</th>
              <th>Current step</th>
              <th>Started</th>
              <th>Ended</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {items.map((run) => (
              <tr key={run.id} data-testid="run-row" data-run-id={run.id}>
                <td>
                  <Link href={`/contacts/${run.contactId}`} className={u.strong}>
                    {run.contactEmail ?? run.contactUserId ?? run.contactId}
                  </Link>
                  {run.entryKey ? <div className="muted mono">{run.entryKey}</div> : null}
                </td>
                <td className="num">v{run.version}</td>
                <td>
                  <span className={runStatusBadge(run.status)}>{run.status}</span>
                </td>
                <td data-testid="run-row-step">
                  <CurrentStep status={run.status} position={run.currentStep} />
                </td>
                <td className="muted">
                  <Time value={run.startedAt} />
                </td>
                <td className="muted">
                  {run.endedAt ? <Time value={run.endedAt} /> : "—"}
                  {run.endReason ? <div>{run.endReason}</div> : null}
                </td>
                <td className={u.alignEnd}>
                  <Link className="btn btn-sm" href={`/runs/${run.id}`}>
                    Inspect
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {runs.hasNextPage ? (
        <div className={styles.more}>
          <button
            type="button"
            className="btn btn-sm"
            disabled={runs.isFetchingNextPage}
            onClick={() => void runs.fetchNextPage()}
          >
            {runs.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      ) : null}
    </section>
  );
}
