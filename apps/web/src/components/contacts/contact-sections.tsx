"use client";
// The paged sections of a contact's profile: event timeline, journey runs and messages.
// Each reads its own tRPC procedure and pages with "Load more".
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { useTRPC } from "@/trpc/client";
import { formatRelativeTime } from "@/components/ui/format";
import styles from "./contacts.module.css";
import u from "@/components/ui/utility.module.css";

const PAGE_SIZE = 20;

function Section(props: {
  title: string;
  testId: string;
  isEmpty: boolean;
  empty: string;
  error: string | null;
  more: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card" data-testid={props.testId}>
      <div className="card-header">
        <h2>{props.title}</h2>
      </div>
      {props.error ? <div className="card-body alert alert-error">{props.error}</div> : null}
      {props.isEmpty ? <div className="card-body muted">{props.empty}</div> : props.children}
      {props.more}
    </section>
  );
}

function MoreButton({
  query,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!query.hasNextPage) return null;
  return (
    <div className={styles.more}>
      <button
        type="button"
        className="btn btn-sm"
        disabled={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
      >
        {query.isFetchingNextPage ? "Loading…" : "Load more"}
      </button>
    </div>
  );
}

/** One line of JSON, cut short: enough to recognise an event without opening it. */
function preview(value: Record<string, unknown>): string {
  const text = JSON.stringify(value);
  return text === "{}" ? "—" : text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export function ContactEvents({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.contacts.events.infiniteQueryOptions(
      { contactId, limit: PAGE_SIZE },
      { getNextPageParam: (p) => p.nextCursor },
    ),
  );
  const items = query.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Section
      title="Events"
      testId="contact-events"
      isEmpty={query.isSuccess && items.length === 0}
      empty="No events yet."
      error={query.error?.message ?? null}
      more={<MoreButton query={query} />}
    >
      {items.length > 0 ? (
        <table className={`table ${styles.sectionTable}`}>
          <thead>
            <tr>
              <th className={styles.typeCol}>Type</th>
              <th>Name</th>
              <th>Properties</th>
              <th className={styles.timeCol}>Time</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-testid="contact-event-row">
                <td>
                  <span className="badge">{e.type}</span>
                </td>
                <td className={u.strong}>{e.event ?? "—"}</td>
                <td>
                  <div
                    className={`${styles.preview} ${styles.fullWidth}`}
                    title={JSON.stringify(e.type === "identify" ? e.traits : e.properties)}
                  >
                    {preview(e.type === "identify" ? e.traits : e.properties)}
                  </div>
                </td>
                <td className={`muted ${styles.timeCol}`} title={e.timestamp.toISOString()}>
                  {formatRelativeTime(e.timestamp)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}

export function ContactRuns({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.contacts.runs.infiniteQueryOptions({ contactId, limit: PAGE_SIZE }, { getNextPageParam: (p) => p.nextCursor }),
  );
  const items = query.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Section
      title="Journeys"
      testId="contact-runs"
      isEmpty={query.isSuccess && items.length === 0}
      empty="Not in any journey yet."
      error={query.error?.message ?? null}
      more={<MoreButton query={query} />}
    >
      {items.length > 0 ? (
        <table className={`table ${styles.sectionTable}`}>
          <thead>
            <tr>
              <th>Journey</th>
              <th className={`num ${styles.colVersion}`}>Version</th>
              <th className={styles.colStatus}>Status</th>
              <th>Current node</th>
              <th className={styles.timeCol}>Started</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-testid="contact-run-row">
                <td>
                  <Link href={`/journeys/${r.journeyId}/metrics`} className={u.strong}>
                    {r.journeyName}
                  </Link>
                </td>
                <td className="num">v{r.version}</td>
                <td>
                  <span
                    className={`badge badge-${r.status === "active" ? "live" : r.status === "failed" ? "failed" : "draft"}`}
                  >
                    {r.status}
                  </span>
                </td>
                <td>
                  <Link href={`/runs/${r.id}`} className="mono" title="Open the run inspector">
                    {r.currentNodeId ?? "Inspect"}
                  </Link>
                </td>
                <td className="muted">{formatRelativeTime(r.startedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}

export function ContactMessages({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.contacts.messages.infiniteQueryOptions(
      { contactId, limit: PAGE_SIZE },
      { getNextPageParam: (p) => p.nextCursor },
    ),
  );
  const items = query.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Section
      title="Messages"
      testId="contact-messages"
      isEmpty={query.isSuccess && items.length === 0}
      empty="No emails sent to this contact."
      error={query.error?.message ?? null}
      more={<MoreButton query={query} />}
    >
      {items.length > 0 ? (
        <table className={`table ${styles.sectionTable}`}>
          <thead>
            <tr>
              <th>Subject</th>
              <th className={styles.colStatus}>Status</th>
              <th className={styles.timeCol}>Time</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id} data-testid="contact-message-row">
                <td>
                  <Link href={`/inbox?message=${m.id}`} className={u.strong}>
                    {m.subject}
                  </Link>
                </td>
                <td>
                  <span className={`badge badge-${m.status}`}>{m.status}</span>
                </td>
                <td className="muted">{formatRelativeTime(m.sentAt ?? m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}
