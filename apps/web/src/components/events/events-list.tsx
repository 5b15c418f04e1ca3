"use client";
// Recent events of the workspace, newest first, filtered by type, event name, userId or
// "flagged only" (events that broke their schema in flag mode, with each problem listed).
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import { formatRelativeTime } from "@/components/ui/format";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import styles from "./events.module.css";
import u from "@/components/ui/utility.module.css";
import { Options, InlineInput } from "@/components/ui/form-field";
import { TableHead } from "@/components/ui/list-parts";

const TYPES = ["track", "identify", "page", "screen", "group", "alias"] as const;
const PAGE_SIZE = 50;

function preview(value: Record<string, unknown>): string {
  const text = JSON.stringify(value);
  return text === "{}" ? "—" : text;
}

export function EventsList() {
  const trpc = useTRPC();
  const [type, setType] = useState<(typeof TYPES)[number] | "">("");
  const [eventName, setEventName] = useState("");
  const [userId, setUserId] = useState("");
  const [isFlaggedOnly, setFlaggedOnly] = useState(false);
  const filter = {
    limit: PAGE_SIZE,
    type: type || null,
    eventName: useDebouncedValue(eventName.trim(), 250) || null,
    userId: useDebouncedValue(userId.trim(), 250) || null,
    isFlaggedOnly,
  };
  const names = useQuery(trpc.events.names.queryOptions());
  const events = useInfiniteQuery(
    trpc.events.recent.infiniteQueryOptions(filter, {
      getNextPageParam: (page) => page.nextCursor,
      refetchInterval: 5000,
    }),
  );
  const items = events.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <section className="card" data-testid="events-list">
      <div className={styles.toolbar}>
        <select
          className="input"
          aria-label="Event type"
          value={type}
          onChange={(e) => setType(e.target.value as typeof type)}
          data-testid="events-type"
        >
          <option value="">All types</option>
          <Options values={TYPES} />
        </select>
        <InlineInput
          list="event-names"
          placeholder="Event name"
          label="Event name"
          value={eventName}
          onValue={setEventName}
          data-testid="events-name"
        />
        <datalist id="event-names">
          {names.data?.map((n) => (
            <option key={n.name} value={n.name} />
          ))}
        </datalist>
        <InlineInput placeholder="userId" label="userId" value={userId} onValue={setUserId} />
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={isFlaggedOnly}
            onChange={(e) => setFlaggedOnly(e.target.checked)}
            data-testid="events-flagged"
          />{" "}
          Flagged only
        </label>
        {events.isFetching ? <span className="faint">Loading…</span> : null}
      </div>
      {events.isError ? <div className="card-body alert alert-error">{events.error.message}</div> : null}
      {events.isSuccess && items.length === 0 ? (
        <div className="empty" data-testid="events-empty">
          <h2>No events</h2>
          <p>{isFlaggedOnly ? "No event broke its schema." : "Events appear here as soon as your app sends them."}</p>
        </div>
      ) : null}
      {items.length > 0 ? (
        <table className="table" data-testid="events-table">
          <TableHead columns={["Type", "Name", "Contact", "Properties", "Received"]} />
          <tbody>
            {items.map((e) => (
              <tr
                key={e.seq}
                data-testid="event-row"
                data-event={e.event ?? ""}
                data-flagged={e.problems ? "yes" : "no"}
              >
                <td>
                  <span className="badge">{e.type}</span>
                </td>
                <td>
                  <span className={u.strong}>{e.event ?? "—"}</span>{" "}
                  {e.problems ? (
                    <span className="badge badge-failed" title="Broke its event schema">
                      flagged
                    </span>
                  ) : null}
                  {e.problems ? (
                    <ul className={styles.problems} data-testid="event-problems">
                      {e.problems.map((p) => (
                        <li key={p.path}>
                          {p.path} {p.message}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td className="mono">{e.userId ?? e.anonymousId ?? "—"}</td>
                <td>
                  <div className={styles.preview} title={JSON.stringify(e.properties)}>
                    {preview(e.properties)}
                  </div>
                </td>
                <td className="muted" title={e.receivedAt.toISOString()}>
                  {formatRelativeTime(e.receivedAt)}
                  {e.dispatchedAt ? null : <span className="faint"> · queued</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {events.hasNextPage ? (
        <div className={styles.more}>
          <button
            type="button"
            className="btn btn-sm"
            disabled={events.isFetchingNextPage}
            onClick={() => void events.fetchNextPage()}
          >
            {events.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      ) : null}
      <div className="card-body hint">
        Want to enforce what properties an event carries? <Link href="/events/schemas">Event schemas</Link>
      </div>
    </section>
  );
}
