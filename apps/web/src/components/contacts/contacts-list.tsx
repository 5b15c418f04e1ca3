"use client";
// The Contacts list: newest first, searched by a userId, email or name substring (debounced),
// paged with "Load more" over the keyset cursor.
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import { formatRelativeTime } from "@/components/ui/format";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import styles from "./contacts.module.css";
import u from "@/components/ui/utility.module.css";
import { TableHead } from "@/components/ui/list-parts";

const PAGE_SIZE = 50;

export function ContactsList() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const debounced = useDebouncedValue(search.trim(), 250);
  const contacts = useInfiniteQuery(
    trpc.contacts.list.infiniteQueryOptions(
      { limit: PAGE_SIZE, search: debounced || null },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = contacts.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <section className="card">
      <div className={styles.toolbar}>
        <input
          className={`input ${styles.search}`}
          type="search"
          placeholder="Search by userId, email or name"
          aria-label="Search contacts"
          data-testid="contacts-search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {contacts.isFetching ? <span className="faint">Searching…</span> : null}
      </div>
      {contacts.isPending ? <div className="card-body muted">Loading…</div> : null}
      {contacts.isError ? <div className="card-body alert alert-error">{contacts.error.message}</div> : null}
      {contacts.isSuccess && items.length === 0 ? (
        <div className="empty" data-testid="contacts-empty">
          <h2>{debounced ? "No matching contacts" : "No contacts yet"}</h2>
          <p>
            {debounced
              ? `Nobody's userId, email or name contains “${debounced}”.`
              : "Contacts appear when your app sends identify or track events."}
          </p>
        </div>
      ) : null}
      {items.length > 0 ? (
        <table className="table" data-testid="contacts-table">
          <TableHead columns={["User ID", "Email", "Time zone", "Updated"]} />
          <tbody>
            {items.map((contact) => (
              <tr key={contact.id} data-testid="contact-row" data-user-id={contact.userId ?? ""}>
                <td>
                  <Link href={`/contacts/${contact.id}`} className={u.strong}>
                    {contact.userId ?? "(anonymous)"}
                  </Link>
                </td>
                <td className="muted">{contact.email ?? "—"}</td>
                <td className="muted">{contact.timezone ?? "—"}</td>
                <td className="muted">{formatRelativeTime(contact.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {contacts.hasNextPage ? (
        <div className={styles.more}>
          <button
            type="button"
            className="btn btn-sm"
            disabled={contacts.isFetchingNextPage}
            onClick={() => void contacts.fetchNextPage()}
          >
            {contacts.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      ) : null}
    </section>
  );
}
