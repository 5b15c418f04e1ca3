// /inbox: the development inbox over the outbox transport.
import type { Metadata } from "next";
import { Suspense } from "react";
import { InboxView } from "@/components/inbox/inbox-view";
import styles from "./page.module.css";

export const metadata: Metadata = { title: "Inbox" };

export default function InboxPage() {
  return (
    <div className={`page ${styles.page}`}>
      <header className="page-header">
        <div>
          <h1>Inbox</h1>
          <p>Every email the outbox transport delivered. Nothing here reached a real mailbox.</p>
        </div>
      </header>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <InboxView />
      </Suspense>
    </div>
  );
}
