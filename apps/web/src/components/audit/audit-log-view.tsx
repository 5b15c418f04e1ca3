"use client";
// The audit log table: filters (action or a whole domain, actor, date range), newest first,
// "Load more" by cursor, and a CSV of everything the filter matches (the server builds the
// rows, up to its cap; the shared csv helper quotes and downloads them).
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { downloadCsv } from "@/components/metrics/csv";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import { useTRPC } from "@/trpc/client";
import { InlineInput } from "@/components/ui/form-field";
import { TableHead } from "@/components/ui/list-parts";

const PAGE_SIZE = 50;

function formatTime(at: Date | string): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

/** `journey.publish` → its domain `journey.`, for the "all of a domain" options. */
function domainsOf(actions: readonly string[]): string[] {
  return [...new Set(actions.map((action) => `${action.split(".")[0]}.`))];
}

/** A date input's day as the start (or end) of that day in the browser's time zone. */
function dayBound(day: string, end: boolean): Date | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? "23:59:59.999" : "00:00:00"}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function AuditLogView({ actions }: { actions: readonly string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [fromDay, setFromDay] = useState("");
  const [toDay, setToDay] = useState("");
  const [exportError, setExportError] = useState<string | null>(null);
  const filter = {
    action: action || undefined,
    actor: useDebouncedValue(actor.trim(), 250) || undefined,
    from: dayBound(fromDay, false),
    to: dayBound(toDay, true),
  };
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...filter, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];

  async function exportCsv() {
    setExportError(null);
    try {
      const csv = await queryClient.fetchQuery(trpc.audit.export.queryOptions(filter));
      downloadCsv(`audit-log-${new Date().toISOString().slice(0, 10)}.csv`, csv.header, csv.rows);
      if (csv.isTruncated) setExportError("The export holds the newest 10,000 entries; narrow the dates for the rest.");
    } catch (error) {
      setExportError(error instanceof Error ? error.message : "The export failed.");
    }
  }

  return (
    <section className="card" data-testid="audit-log">
      <div className="card-header row">
        <select className="input" aria-label="Action" value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">All actions</option>
          <optgroup label="Everything in">
            {domainsOf(actions).map((domain) => (
              <option key={domain} value={domain}>
                {domain.slice(0, -1)} (all)
              </option>
            ))}
          </optgroup>
          <optgroup label="One action">
            {actions.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </optgroup>
        </select>
        <InlineInput label="Actor" placeholder="Actor (email or key prefix)" value={actor} onValue={setActor} />
        <label className="row">
          From <InlineInput type="date" label="From" value={fromDay} onValue={setFromDay} />
        </label>
        <label className="row">
          To <InlineInput type="date" label="To" value={toDay} onValue={setToDay} />
        </label>
        <button type="button" className="btn btn-sm" onClick={() => void exportCsv()} data-testid="audit-csv">
          Export CSV
        </button>
      </div>
      <div className="card-body stack">
        {(log.error ?? exportError) && (
          <p className="alert alert-error" role="alert">
            {log.error?.message ?? exportError}
          </p>
        )}
        {log.isPending ? (
          <p className="muted">Loading…</p>
        ) : items.length === 0 ? (
          <p className="muted">No entries match.</p>
        ) : (
          <table className="table" data-testid="audit-table">
            <TableHead columns={["Time", "Action", "Actor", "Target", "Changed", "Address"]} />
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-testid="audit-row" data-action={item.action}>
                  <td className="muted">{formatTime(item.at)}</td>
                  <td className="mono">{item.action}</td>
                  <td>
                    {item.actor.label}
                    <span className="muted"> ({item.actor.kind === "key" ? "API key" : "person"})</span>
                  </td>
                  <td>
                    {item.target.label ?? item.target.id ?? item.target.type}
                    <span className="muted"> ({item.target.type})</span>
                  </td>
                  <td className="muted">{item.changes?.fields?.join(", ")}</td>
                  <td className="mono muted">{item.sourceAddress ?? "unknown"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {log.hasNextPage && (
          <button
            type="button"
            className="btn btn-sm"
            disabled={log.isFetchingNextPage}
            onClick={() => void log.fetchNextPage()}
          >
            Load more
          </button>
        )}
      </div>
    </section>
  );
}
