"use client";
// The paged sections of a contact's profile: event timeline, journey runs and messages.
// Each reads its own tRPC procedure and pages with "Load more".
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import type { AppRouter } from "@mailstream/api";
import type { inferRouterOutputs } from "@trpc/server";
import { useTRPC } from "@/trpc/client";
import { formatRelativeTime } from "@/components/ui/format";
import { Time } from "@/components/ui/time";
import { CurrentStep } from "@/components/runs/current-step";
import styles from "./contacts.module.css";
import u from "@/components/ui/utility.module.css";

const PAGE_SIZE = 20;

/** What a section needs of its infinite query: the pages read so far and how to read more. */
interface PagedQuery<TItem> {
  data?: { pages: { data: TItem[] }[] };
  isSuccess: boolean;
  error: { message: string } | null;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The infinite queries' page parameter: each page names the cursor of the next. */
const NEXT_PAGE = { getNextPageParam: <C,>(page: { nextCursor: C }) => page.nextCursor };

type Page<K extends "events" | "runs" | "messages"> = inferRouterOutputs<AppRouter>["contacts"][K]["data"][number];

/** What a section is called, what it says when empty, its columns and the test id of a row. */
interface SectionSpec {
  title: string;
  testId: string;
  rowTestId: string;
  empty: string;
  columns: { label: string; className?: string }[];
}

/** A section's card: the table of every item read so far (or its empty line) and "Load more". */
function PagedSection<TItem extends { id: string }>({
  query,
  spec,
  Cells,
}: {
  query: PagedQuery<TItem>;
  spec: SectionSpec;
  /** The cells of one item's row. */
  Cells: (props: { item: TItem }) => ReactNode;
}) {
  const items = query.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section className="card" data-testid={spec.testId}>
      <div className="card-header">
        <h2>{spec.title}</h2>
      </div>
      {query.error ? <div className="card-body alert alert-error">{query.error.message}</div> : null}
      {query.isSuccess && items.length === 0 ? <div className="card-body muted">{spec.empty}</div> : null}
      {items.length > 0 ? (
        <table className={`table ${styles.sectionTable}`}>
          <thead>
            <tr>
              {spec.columns.map((c) => (
                <th key={c.label} className={c.className}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-testid={spec.rowTestId}>
                <Cells item={item} />
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {query.hasNextPage ? (
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
      ) : null}
    </section>
  );
}

/** One line of JSON, cut short: enough to recognise an event without opening it. */
function preview(value: Record<string, unknown>): string {
  const text = JSON.stringify(value);
  return text === "{}" ? "—" : text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

const EVENTS: SectionSpec = {
  title: "Events",
  testId: "contact-events",
  rowTestId: "contact-event-row",
  empty: "No events yet.",
  columns: [
    { label: "Type", className: styles.typeCol },
    { label: "Name" },
    { label: "Properties" },
    { label: "Time", className: styles.timeCol },
  ],
};

function EventCells({ item: e }: { item: Page<"events"> }) {
  return (
    <>
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
    </>
  );
}

export function ContactEvents({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(trpc.contacts.events.infiniteQueryOptions({ contactId, limit: PAGE_SIZE }, NEXT_PAGE));
  return <PagedSection query={query} spec={EVENTS} Cells={EventCells} />;
}

const RUNS: SectionSpec = {
  title: "Journeys",
  testId: "contact-runs",
  rowTestId: "contact-run-row",
  empty: "Not in any journey yet.",
  columns: [
    { label: "Journey" },
    { label: "Version", className: `num ${styles.colVersion}` },
    { label: "Status", className: styles.colStatus },
    { label: "Current step" },
    { label: "Started", className: styles.timeCol },
  ],
};

function RunCells({ item: r }: { item: Page<"runs"> }) {
  return (
    <>
      <td>
        <Link href={`/journeys/${r.journeyId}/metrics`} className={u.strong}>
          {r.journeyName}
        </Link>
      </td>
      <td className="num">v{r.version}</td>
      <td>
        <span className={`badge badge-${r.status === "active" ? "live" : r.status === "failed" ? "failed" : "draft"}`}>
          {r.status}
        </span>
      </td>
      <td>
        <Link href={`/runs/${r.id}`} title="Open the run inspector">
          <CurrentStep status={r.status} position={r.currentStep} />
        </Link>
      </td>
      <td className="muted">
        {/* A narrow card: relative like the events and messages beside it, exact on hover. */}
        <Time value={r.startedAt} relative />
      </td>
    </>
  );
}

export function ContactRuns({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(trpc.contacts.runs.infiniteQueryOptions({ contactId, limit: PAGE_SIZE }, NEXT_PAGE));
  return <PagedSection query={query} spec={RUNS} Cells={RunCells} />;
}

const MESSAGES: SectionSpec = {
  title: "Messages",
  testId: "contact-messages",
  rowTestId: "contact-message-row",
  empty: "No emails sent to this contact.",
  columns: [
    { label: "Subject" },
    { label: "Status", className: styles.colStatus },
    { label: "Time", className: styles.timeCol },
  ],
};

function MessageCells({ item: m }: { item: Page<"messages"> }) {
  return (
    <>
      <td>
        <Link href={`/inbox?message=${m.id}`} className={u.strong}>
          {m.subject}
        </Link>
      </td>
      <td>
        <span className={`badge badge-${m.status}`}>{m.status}</span>
      </td>
      <td className="muted">{formatRelativeTime(m.sentAt ?? m.createdAt)}</td>
    </>
  );
}

export function ContactMessages({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.contacts.messages.infiniteQueryOptions({ contactId, limit: PAGE_SIZE }, NEXT_PAGE),
  );
  return <PagedSection query={query} spec={MESSAGES} Cells={MessageCells} />;
}
