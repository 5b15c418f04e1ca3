"use client";
// A broadcast's page: status and schedule, the send controls (send, pause, resume, cancel),
// the progress bar (sent / skipped / failed of the frozen audience, remaining, ETA), the
// funnel from its messages' events and its conversion goal (or "no goal" — never a 0 that
// reads as nobody converting), why contacts were skipped, and the recipients CSV; a
// staggered A/B/n broadcast adds its test and per-variant funnel (broadcast-ab-report.tsx).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";
import { useCan } from "@/components/shell/permissions";
import { ErrorAlert } from "@/components/ui/error-alert";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/list-parts";
import { BroadcastAbReport } from "./broadcast-ab-report";
import { BROADCAST_FUNNEL, BroadcastStatusBadge, type BroadcastView } from "./broadcast-status";
import styles from "./broadcasts.module.css";

const REFRESH_MS = 2_000;

function describeSchedule(schedule: BroadcastView["schedule"]): string {
  if (schedule.kind === "at") return `at ${formatDateTime(new Date(schedule.sendAt))}`;
  if (schedule.kind === "local_time") return `at ${schedule.localTime.replace("T", " ")} in each contact's zone`;
  if (schedule.kind === "best_time") return "within 24 h of sending, at each contact's best time";
  return "now";
}

function formatEta(ms: number | null): string {
  if (ms === null) return "—";
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function share(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${Math.min(100, (part / whole) * 100).toFixed(2)}%`;
}

export function BroadcastDetail({ broadcastId }: { broadcastId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canSend = useCan("broadcasts:send");
  const canWrite = useCan("broadcasts:write");
  const canExport = useCan("messages:read");
  const broadcast = useQuery({ ...trpc.broadcasts.get.queryOptions({ broadcastId }), refetchInterval: REFRESH_MS });
  const progress = useQuery({ ...trpc.broadcasts.progress.queryOptions({ broadcastId }), refetchInterval: REFRESH_MS });
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: trpc.broadcasts.pathKey() });
  const schedule = useMutation(trpc.broadcasts.schedule.mutationOptions({ onSuccess }));
  const pause = useMutation(trpc.broadcasts.pause.mutationOptions({ onSuccess }));
  const resume = useMutation(trpc.broadcasts.resume.mutationOptions({ onSuccess }));
  const cancel = useMutation(trpc.broadcasts.cancel.mutationOptions({ onSuccess }));
  const exportCsv = useMutation({
    mutationFn: () => queryClient.fetchQuery(trpc.broadcasts.exportCsv.queryOptions({ broadcastId })),
    onSuccess: (csv) => {
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `broadcast-${broadcastId}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    },
  });

  if (broadcast.isPending) return <div className="page muted">Loading…</div>;
  if (broadcast.isError)
    return (
      <div className="page">
        <ErrorAlert error={broadcast.error} />
      </div>
    );
  const b = broadcast.data;
  const p = progress.data;
  const total = p?.recipients ?? 0;
  const busy = schedule.isPending || pause.isPending || resume.isPending || cancel.isPending;
  const actionError = schedule.error ?? pause.error ?? resume.error ?? cancel.error ?? exportCsv.error;

  return (
    <div className="page">
      <PageHeader
        back={{ href: "/broadcasts", label: "Broadcasts" }}
        title={b.name}
        description={
          <>
            <BroadcastStatusBadge status={b.status} /> · sends {describeSchedule(b.schedule)}
            {b.throttlePerHour ? ` · at most ${formatCount(b.throttlePerHour)} per hour` : ""}
            {b.quietHours ? ` · quiet ${b.quietHours.start}–${b.quietHours.end} in each contact's zone` : " · any hour"}
            {b.frequencyCap ? ` · cap ${b.frequencyCap.maxEmails} per ${formatCapPeriod(b.frequencyCap.periodMs)}` : ""}
          </>
        }
        action={
          <div className={styles.actions}>
            {b.status === "draft" && canWrite ? (
              <Link href={`/broadcasts/${b.id}/edit`} className="btn">
                Edit
              </Link>
            ) : null}
            {b.status === "draft" && canSend ? (
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy}
                onClick={() => schedule.mutate({ broadcastId })}
                data-testid="send-broadcast"
              >
                {b.schedule.kind === "now" ? "Send now" : "Schedule"}
              </button>
            ) : null}
            {(b.status === "sending" || b.status === "scheduled") && canSend ? (
              <button type="button" className="btn" disabled={busy} onClick={() => pause.mutate({ broadcastId })}>
                Pause
              </button>
            ) : null}
            {b.status === "paused" && canSend ? (
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy}
                onClick={() => resume.mutate({ broadcastId })}
              >
                Resume
              </button>
            ) : null}
            {["draft", "scheduled", "sending", "paused"].includes(b.status) && canSend ? (
              <button type="button" className="btn" disabled={busy} onClick={() => cancel.mutate({ broadcastId })}>
                Cancel
              </button>
            ) : null}
            {canExport && b.status !== "draft" ? (
              <button type="button" className="btn" disabled={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
                Export CSV
              </button>
            ) : null}
          </div>
        }
      />
      <ErrorAlert error={actionError} />
      <div className="stack">
        <section className="card" data-testid="broadcast-progress">
          <div className="card-header">
            <h2>Progress</h2>
          </div>
          <div className="card-body">
            <div
              className={styles.bar}
              role="progressbar"
              aria-label="Sent of the audience"
              aria-valuemin={0}
              aria-valuemax={total}
              aria-valuenow={p?.sent ?? 0}
            >
              <div className={styles.barSent} style={{ width: share(p?.sent ?? 0, total) }} />
              <div className={styles.barSkipped} style={{ width: share(p?.skipped ?? 0, total) }} />
              <div className={styles.barFailed} style={{ width: share(p?.failed ?? 0, total) }} />
            </div>
            <div className={styles.figures}>
              {(
                [
                  ["Recipients", total, "count-recipients"],
                  ["Sent", p?.sent ?? 0, "count-sent"],
                  ["Skipped", p?.skipped ?? 0, "count-skipped"],
                  ["Failed", p?.failed ?? 0, "count-failed"],
                  ["Remaining", p?.remaining ?? 0, "count-remaining"],
                ] as const
              ).map(([label, value, testId]) => (
                <div key={label} className={styles.figure}>
                  <strong data-testid={testId}>{formatCount(value)}</strong>
                  <span className="muted">{label}</span>
                </div>
              ))}
              <div className={styles.figure}>
                <strong>{formatEta(p?.etaMs ?? null)}</strong>
                <span className="muted">ETA</span>
              </div>
            </div>
            {b.status === "draft" ? <p className="muted">The audience is frozen when sending starts.</p> : null}
          </div>
        </section>

        <section className="card">
          <div className="card-header">
            <h2>Funnel</h2>
          </div>
          <div className="card-body stack">
            <div className={styles.funnel} data-testid="broadcast-funnel">
              {BROADCAST_FUNNEL.map((step) => (
                <div key={step} className={styles.step}>
                  <FunnelCount value={p ? p.funnel[step] : 0} testId={`funnel-${step}`} />
                  <span className="muted">{step}</span>
                </div>
              ))}
            </div>
            <p className="muted" data-testid="broadcast-conversion">
              {p?.conversion
                ? `Converted: "${p.conversion.event}" within ${p.conversion.windowHours} h of the send (the workspace's attribution window).`
                : "No conversion goal: give the broadcast a goal event to count conversions."}
            </p>
          </div>
        </section>

        {p ? <BroadcastAbReport progress={p} /> : null}

        {p && p.skipReasons.length > 0 ? (
          <section className="card">
            <div className="card-header">
              <h2>Not sent, and why</h2>
            </div>
            <table className="table">
              <thead>
                <tr>
                  <th>Reason</th>
                  <th>Outcome</th>
                  <th className="num">Contacts</th>
                </tr>
              </thead>
              <tbody>
                {p.skipReasons.map((row) => (
                  <tr key={`${row.state}:${row.reason}`}>
                    <td>{row.reason || "—"}</td>
                    <td className="muted">{row.state}</td>
                    <td className="num">{formatCount(row.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
      </div>
      {b.startedAt ? (
        <p className="muted">
          Started {formatDateTime(new Date(b.startedAt))}
          {b.finishedAt ? ` · finished ${formatDateTime(new Date(b.finishedAt))}` : ""}
        </p>
      ) : null}
    </div>
  );
}

/** A funnel figure; null is "converted" without a goal, shown as such rather than as 0. */
function FunnelCount({ value, testId }: { value: number | null; testId: string }) {
  if (value === null) {
    return (
      <strong className="faint" data-testid={testId} title="The broadcast has no conversion goal">
        no goal
      </strong>
    );
  }
  return <strong data-testid={testId}>{formatCount(value)}</strong>;
}

/** "2 days" / "12 hours" for a cap period. */
function formatCapPeriod(periodMs: number): string {
  const days = periodMs / 86_400_000;
  if (Number.isInteger(days)) return `${days} day${days === 1 ? "" : "s"}`;
  const hours = Math.round(periodMs / 3_600_000);
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}
