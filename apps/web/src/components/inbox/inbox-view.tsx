"use client";
// The in-app Inbox: everything the outbox transport "sent", newest first, with the selected
// email beside the list. The selection lives in the URL (?message=<id>) so it can be linked.
import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTRPC } from "@/trpc/client";
import { formatRelativeTime } from "@/components/ui/format";
import styles from "./inbox.module.css";
import u from "@/components/ui/utility.module.css";
import { MessageDetail } from "./message-detail";

const PAGE_SIZE = 50;
// New emails arrive while a journey runs; the list keeps itself current without a reload.
const REFRESH_MS = 3000;

export function InboxView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const selectedId = useSearchParams().get("message");
  const messages = useInfiniteQuery(
    trpc.messages.list.infiniteQueryOptions(
      { limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor, refetchInterval: REFRESH_MS },
    ),
  );
  const items = messages.data?.pages.flatMap((page) => page.items) ?? [];

  function select(id: string) {
    router.replace(`${pathname}?message=${id}`, { scroll: false });
  }

  return (
    <div className={styles.layout}>
      <section className={`card ${styles.list}`} aria-label="Sent emails">
        {messages.isPending ? <div className="card-body muted">Loading…</div> : null}
        {messages.isError ? <div className="card-body alert alert-error">{messages.error.message}</div> : null}
        {messages.isSuccess && items.length === 0 ? (
          <div className="empty" data-testid="inbox-empty">
            <h2>No emails yet</h2>
            <p>Emails your journeys send appear here.</p>
          </div>
        ) : null}
        {items.length > 0 ? (
          <table className={`table ${styles.table}`} data-testid="inbox-table">
            <thead>
              <tr>
                <th className={styles.emailCol}>Email</th>
                <th>Journey</th>
                <th className={styles.timeCol}>Sent</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr
                  key={item.id}
                  className="clickable"
                  aria-selected={item.id === selectedId}
                  tabIndex={0}
                  data-testid="inbox-row"
                  data-message-id={item.id}
                  onClick={() => select(item.id)}
                  onKeyDown={(event) => {
                    if (event.key === "Enter" || event.key === " ") {
                      event.preventDefault();
                      select(item.id);
                    }
                  }}
                >
                  <td>
                    <div className={styles.to}>{item.toAddress}</div>
                    <div className={styles.subject}>{item.subject}</div>
                  </td>
                  <td className={styles.journey}>
                    {item.journeyName ?? "—"}
                    {item.status !== "sent" ? (
                      <span className={`badge badge-${item.status} ${u.badgeGap}`}>{item.status}</span>
                    ) : null}
                  </td>
                  <td className={styles.time}>{formatRelativeTime(item.sentAt ?? item.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {messages.hasNextPage ? (
          <div className={styles.more}>
            <button
              type="button"
              className="btn btn-sm"
              disabled={messages.isFetchingNextPage}
              onClick={() => void messages.fetchNextPage()}
            >
              {messages.isFetchingNextPage ? "Loading…" : "Load older"}
            </button>
          </div>
        ) : null}
      </section>
      <section className={`card ${styles.detail}`} aria-label="Email">
        {selectedId ? (
          <MessageDetail key={selectedId} messageId={selectedId} />
        ) : (
          <div className="empty">
            <h2>Select an email</h2>
            <p>Pick an email on the left to see it rendered, with its headers and text part.</p>
          </div>
        )}
      </section>
    </div>
  );
}
