"use client";
// The header of a journey's own pages (runs): name, status badge, lifecycle actions and
// links to the editor and metrics. Reads the journey over tRPC and refreshes it after a change.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";
import danger from "@/components/ui/danger.module.css";
import styles from "./journeys.module.css";
import { LifecycleButtons, type LifecycleAction } from "./lifecycle-buttons";

export function JourneyHeader({ journeyId, subtitle }: { journeyId: string; subtitle: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const journey = useQuery(trpc.journeys.byId.queryOptions({ journeyId }));
  const onSettled = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.journeys.byId.queryKey({ journeyId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.journeys.versions.queryKey({ journeyId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() }),
    ]);
  const pause = useMutation(trpc.journeys.pause.mutationOptions({ onSettled }));
  const resume = useMutation(trpc.journeys.resume.mutationOptions({ onSettled }));
  const archive = useMutation(trpc.journeys.archive.mutationOptions({ onSettled }));
  const onAction = async (action: LifecycleAction) => {
    const change = action === "pause" ? pause : action === "resume" ? resume : archive;
    await change.mutateAsync({ journeyId });
  };

  if (journey.isError) {
    return (
      <header className="page-header">
        <div>
          <div className="breadcrumb">
            <Link href="/journeys">Journeys</Link>
          </div>
          <h1>Cannot open this journey</h1>
          <p>{journey.error.message}</p>
        </div>
      </header>
    );
  }
  const status = journey.data?.status;
  return (
    <header className="page-header">
      <div>
        <div className="breadcrumb">
          <Link href="/journeys">Journeys</Link> / {journey.data?.name ?? "…"}
        </div>
        <div className={styles.titleRow}>
          <h1>{journey.data?.name ?? "Loading…"}</h1>
          {status ? (
            <span className={`badge badge-${status}`} data-testid="journey-status">
              {status}
            </span>
          ) : null}
        </div>
        <p>{subtitle}</p>
      </div>
      <div className="row">
        {status ? (
          <LifecycleButtons status={status} buttonClass="btn" dangerClass={danger.danger ?? ""} onAction={onAction} />
        ) : null}
        <Link className="btn" href={`/journeys/${journeyId}/edit`}>
          Edit
        </Link>
        <Link className="btn" href={`/journeys/${journeyId}/metrics`}>
          Metrics
        </Link>
      </div>
    </header>
  );
}
