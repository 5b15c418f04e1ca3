"use client";
// One segment: live member count, a sample of current members (linking to their profiles),
// size over time, and the builder to edit or delete it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import { formatCount, formatRelativeTime } from "@/components/ui/format";
import { SegmentBuilder } from "./segment-builder";
import { LIVE_REFRESH_MS } from "./segments-list";
import { SizeChart } from "./size-chart";
import styles from "./segments.module.css";
import { TableHead } from "@/components/ui/list-parts";

export function SegmentDetail({ segmentId }: { segmentId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [isEditing, setEditing] = useState(false);
  const segment = useQuery({ ...trpc.segments.get.queryOptions({ segmentId }), refetchInterval: LIVE_REFRESH_MS });
  const members = useQuery({
    ...trpc.segments.members.queryOptions({ segmentId, limit: 25 }),
    refetchInterval: LIVE_REFRESH_MS,
  });
  const history = useQuery({
    ...trpc.segments.sizeHistory.queryOptions({ segmentId, days: 30 }),
    refetchInterval: 30_000,
  });
  const remove = useMutation(
    trpc.segments.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.segments.pathKey() });
        router.push("/segments");
      },
    }),
  );

  if (segment.isPending) return <div className="page muted">Loading…</div>;
  if (segment.isError) return <div className="page alert alert-error">{segment.error.message}</div>;
  const s = segment.data;
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{s.name}</h1>
          <p>
            {s.isTimeBased
              ? "Re-evaluated on every event and every minute (rules with a time window)."
              : "Re-evaluated on every event and identify."}
          </p>
        </div>
        <div className={styles.actions}>
          <button type="button" className="btn" onClick={() => setEditing((v) => !v)}>
            {isEditing ? "Close editor" : "Edit rules"}
          </button>
          <button
            type="button"
            className="btn"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete segment "${s.name}"?`)) remove.mutate({ segmentId });
            }}
          >
            Delete
          </button>
        </div>
      </header>
      {remove.error ? <div className="alert alert-error">{remove.error.message}</div> : null}
      {isEditing ? (
        <section className="card">
          <div className="card-body">
            <SegmentBuilder segment={s} onSaved={() => setEditing(false)} />
          </div>
        </section>
      ) : null}
      <div className={styles.grid}>
        <div className={styles.stack}>
          <section className="card">
            <div className="card-header">Members now</div>
            <div className="card-body">
              <div className={styles.count} data-testid="segment-member-count">
                {formatCount(s.memberCount)}
              </div>
            </div>
          </section>
          <section className="card">
            <div className="card-header">Size over time</div>
            <div className="card-body">
              {history.data ? <SizeChart points={history.data} /> : <p className="muted">Loading…</p>}
            </div>
          </section>
        </div>
        <section className="card">
          <div className="card-header">Recent members</div>
          {members.data && members.data.members.length === 0 ? (
            <div className="card-body muted">Nobody matches yet.</div>
          ) : null}
          {members.data && members.data.members.length > 0 ? (
            <table className="table" data-testid="segment-members">
              <TableHead columns={["User ID", "Email", "Entered"]} />
              <tbody>
                {members.data.members.map((member) => (
                  <tr key={member.contactId} data-testid="segment-member" data-user-id={member.userId ?? ""}>
                    <td>
                      <Link href={`/contacts/${member.contactId}`}>{member.userId ?? "(anonymous)"}</Link>
                    </td>
                    <td className="muted">{member.email ?? "—"}</td>
                    <td className="muted">{formatRelativeTime(member.enteredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      </div>
    </div>
  );
}
