"use client";
// The suppression list: every address this workspace will not mail, with where the entry came
// from (unsubscribe, hard bounce, complaint, added by hand) and when. Search, page, add a
// manual entry with a note, remove one — lifting a bounce or complaint asks for confirmation.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Can } from "@/components/shell/permissions";
import { useTRPC } from "@/trpc/client";
import type { SuppressionsView } from "./settings-types";
import styles from "./settings.module.css";
import { TableHead } from "@/components/ui/list-parts";
import { InlineForm, InlineInput } from "@/components/ui/form-field";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Card } from "@/components/ui/card";

const SOURCE_LABELS: Record<SuppressionsView["entries"][number]["reason"], string> = {
  unsubscribed: "Unsubscribed",
  bounced: "Hard bounce",
  complained: "Complaint",
  manual: "Manual",
};

function formatTime(at: Date | string): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function SuppressionsManager({ initial }: { initial: SuppressionsView }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [email, setEmail] = useState("");
  const [note, setNote] = useState("");
  const input = { search, page };
  const isInitial = search === "" && page === 1;
  const list = useQuery({
    ...trpc.suppressions.list.queryOptions(input),
    placeholderData: keepPreviousData,
    ...(isInitial ? { initialData: initial } : {}),
  });
  const queryClient = useQueryClient();
  // Every cached page and search, not just the one on screen: a search typed while the add was
  // in flight has its own query, fetched before the new row committed.
  const refetch = () => void queryClient.invalidateQueries({ queryKey: trpc.suppressions.list.pathKey() });
  const add = useMutation(
    trpc.suppressions.add.mutationOptions({
      onSuccess: () => {
        setEmail("");
        setNote("");
        refetch();
      },
    }),
  );
  const remove = useMutation(trpc.suppressions.remove.mutationOptions({ onSuccess: refetch }));
  const data = list.data ?? initial;
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const error = add.error ?? remove.error;

  function onRemove(entry: SuppressionsView["entries"][number]) {
    const isRisky = entry.reason === "bounced" || entry.reason === "complained";
    const question = isRisky
      ? `${entry.email} ${entry.reason === "bounced" ? "hard-bounced" : "marked an email as spam"}. Mailing it again can hurt your sender reputation. Remove it anyway?`
      : `Remove ${entry.email} from the suppression list? Journeys will mail it again.`;
    if (!window.confirm(question)) return;
    remove.mutate({ email: entry.email, note: "removed in Settings", confirmDeliverabilityRisk: isRisky });
  }

  return (
    <Card
      title="Suppressions"
      titleId="suppressions-title"
      id="suppressions"
      action={
        <span className="muted" data-testid="suppressions-total">
          {data.total} suppressed
        </span>
      }
    >
      <div className="card-body stack">
        <p className="hint">
          Addresses no email is sent to: unsubscribes from all email, hard bounces and spam complaints (from the
          provider&apos;s webhooks), and entries added here. Checked before every send.
        </p>
        <Can permission="suppressions:write">
          <InlineForm
            onSubmit={() => add.mutate({ email, note })}
            submit="Suppress address"
            disabled={add.isPending || email.trim() === ""}
            testId="new-suppression"
          >
            <InlineInput
              label="Address to suppress"
              inputClass={styles.addressInput}
              placeholder="name@example.com"
              value={email}
              onValue={setEmail}
            />
            <InlineInput
              label="Suppression note"
              placeholder="Why (e.g. asked by phone)"
              value={note}
              onValue={setNote}
            />
          </InlineForm>
        </Can>
        <ErrorAlert error={error} />
        <InlineInput
          label="Search suppressions"
          inputClass={styles.addressInput}
          placeholder="Search addresses"
          value={search}
          onValue={(value) => {
            setSearch(value);
            setPage(1);
          }}
        />
        {data.entries.length === 0 ? (
          <p className="muted">{search ? "No suppressed address matches." : "No suppressed addresses."}</p>
        ) : (
          <table className="table" data-testid="suppressions-table">
            <TableHead columns={["Address", "Source", "Note", "Since", { ariaLabel: "Actions" }]} />
            <tbody>
              {data.entries.map((entry) => (
                <tr key={entry.email} data-testid="suppression-row">
                  <td className="mono">{entry.email}</td>
                  <td>
                    <span
                      className={`badge ${entry.reason === "manual" || entry.reason === "unsubscribed" ? "badge-paused" : "badge-failed"}`}
                    >
                      {SOURCE_LABELS[entry.reason]}
                    </span>
                  </td>
                  <td className="muted">{entry.note}</td>
                  <td className="muted">{formatTime(entry.createdAt)}</td>
                  <td>
                    <Can permission="suppressions:write">
                      <button
                        type="button"
                        className="btn btn-sm"
                        onClick={() => onRemove(entry)}
                        disabled={remove.isPending}
                      >
                        Remove
                      </button>
                    </Can>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 && (
          <div className="row">
            <button type="button" className="btn btn-sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </button>
            <span className="muted">
              Page {data.page} of {pages}
            </span>
            <button type="button" className="btn btn-sm" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Next
            </button>
          </div>
        )}
        {data.recentChanges.length > 0 && (
          <details>
            <summary className="muted">Recent manual changes</summary>
            <ul className={`stack ${styles.log}`} data-testid="suppression-log">
              {data.recentChanges.map((change) => (
                <li key={change.id} className="muted">
                  {formatTime(change.at)} —{" "}
                  {change.action === "added" ? "added" : `removed (was ${SOURCE_LABELS[change.reason].toLowerCase()})`}{" "}
                  <span className="mono">{change.email}</span>
                  {change.note ? ` — ${change.note}` : ""}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </Card>
  );
}
