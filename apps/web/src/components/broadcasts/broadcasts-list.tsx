"use client";
// The Broadcasts list: every broadcast, newest first, with its status and counts (polled, so a
// send in progress counts up while the page is open).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";
import { formatCount, formatRelativeTime } from "@/components/ui/format";
import { ErrorAlert } from "@/components/ui/error-alert";
import { EmptyState, ListCard, TableHead } from "@/components/ui/list-parts";
import u from "@/components/ui/utility.module.css";
import { BroadcastStatusBadge } from "./broadcast-status";

const REFRESH_MS = 3_000;

/** The overview's card: the five newest broadcasts, linking to the list. */
export function RecentBroadcastsCard() {
  return (
    <section className="card" data-testid="overview-broadcasts">
      <div className="card-header">
        <h2>Broadcasts</h2>
        <Link href="/broadcasts">All broadcasts</Link>
      </div>
      <BroadcastsList limit={5} />
    </section>
  );
}

export function BroadcastsList({ limit }: { limit?: number }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.broadcasts.list.queryOptions(), refetchInterval: REFRESH_MS });
  if (list.isPending) return <section className="card card-body muted">Loading…</section>;
  if (list.isError) return <ErrorAlert error={list.error} />;
  const rows = limit ? list.data.slice(0, limit) : list.data;
  const empty =
    "Send one email to a segment or to everyone subscribed to a topic: now, at a set time, or at a local time in each contact's zone.";
  const table = (
    <table className="table" data-testid="broadcasts-table">
      <TableHead
        columns={[
          "Name",
          "Status",
          { label: "Recipients", num: true },
          { label: "Sent", num: true },
          { label: "Skipped", num: true },
          "Created",
        ]}
      />
      <tbody>
        {rows.map((broadcast) => (
          <tr key={broadcast.id} data-testid="broadcast-row" data-name={broadcast.name}>
            <td>
              <Link href={`/broadcasts/${broadcast.id}`} className={u.strong}>
                {broadcast.name}
              </Link>
            </td>
            <td>
              <BroadcastStatusBadge status={broadcast.status} />
            </td>
            <td className="num">{formatCount(broadcast.counts.recipients)}</td>
            <td className="num">{formatCount(broadcast.counts.sent)}</td>
            <td className="num">{formatCount(broadcast.counts.skipped)}</td>
            <td className="muted">{formatRelativeTime(broadcast.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  // Inside another card (the overview), the table alone; on its page, its own card.
  if (limit) return rows.length === 0 ? <EmptyState>{empty}</EmptyState> : table;
  return (
    <ListCard isEmpty={rows.length === 0} emptyTitle="No broadcasts yet" empty={empty}>
      {table}
    </ListCard>
  );
}
