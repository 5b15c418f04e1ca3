"use client";
// The Segments list: every segment with its live member count (polled, so entries and exits
// show up while the page is open).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";
import { formatCount, formatRelativeTime } from "@/components/ui/format";
import u from "@/components/ui/utility.module.css";

export const LIVE_REFRESH_MS = 2_000;

export function SegmentsList() {
  const trpc = useTRPC();
  const segments = useQuery({ ...trpc.segments.list.queryOptions(), refetchInterval: LIVE_REFRESH_MS });
  return (
    <section className="card">
      {segments.isPending ? <div className="card-body muted">Loading…</div> : null}
      {segments.isError ? <div className="card-body alert alert-error">{segments.error.message}</div> : null}
      {segments.isSuccess && segments.data.length === 0 ? (
        <div className="empty" data-testid="segments-empty">
          <h2>No segments yet</h2>
          <p>
            Group contacts by traits, what they did and how they engage; journeys can start when someone enters a
            segment.
          </p>
        </div>
      ) : null}
      {segments.isSuccess && segments.data.length > 0 ? (
        <table className="table" data-testid="segments-table">
          <thead>
            <tr>
              <th>Name</th>
              <th className="num">Members</th>
              <th>Updates</th>
              <th>Edited</th>
            </tr>
          </thead>
          <tbody>
            {segments.data.map((segment) => (
              <tr key={segment.id} data-testid="segment-row" data-name={segment.name}>
                <td>
                  <Link href={`/segments/${segment.id}`} className={u.strong}>
                    {segment.name}
                  </Link>
                </td>
                <td className="num" data-testid="segment-count">
                  {formatCount(segment.memberCount)}
                </td>
                <td className="muted">{segment.isTimeBased ? "per event + every minute" : "per event"}</td>
                <td className="muted">{formatRelativeTime(segment.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
