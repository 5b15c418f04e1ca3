"use client";
// A contact's profile page: facts (time zone, subscription, active runs), traits with the
// audited editor, the best send time, the event timeline, journey runs and messages, and the GDPR actions.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";
import { ContactSubscriptions } from "@/components/topics/contact-subscriptions";
import { formatDateTime } from "@/components/ui/format";
import { BestSendTimeCard } from "./best-send-time-card";
import { ComputedTraitsCard } from "./computed-traits-card";
import { ContactActions } from "./contact-actions";
import { ContactEvents, ContactMessages, ContactRuns } from "./contact-sections";
import styles from "./contacts.module.css";
import { TraitEditor } from "./trait-editor";

export function ContactProfileView({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const contact = useQuery(trpc.contacts.byId.queryOptions({ contactId }, { retry: false }));

  if (contact.isPending) return <div className="page muted">Loading…</div>;
  if (contact.isError) {
    return (
      <div className="page">
        <div className="alert alert-error" data-testid="contact-error">
          {contact.error.message}
        </div>
        <p>
          <Link href="/contacts">← All contacts</Link>
        </p>
      </div>
    );
  }
  const c = contact.data;
  return (
    <div className="page" data-testid="contact-profile">
      <header className="page-header">
        <div>
          <p className="muted">
            <Link href="/contacts">← Contacts</Link>
          </p>
          <h1 data-testid="contact-user-id">{c.userId ?? "(anonymous)"}</h1>
          <p>{c.email ?? "No email address"}</p>
        </div>
        <div className="row">
          <Link className="btn" href={`/contacts/${contactId}/journeys`} data-testid="contact-journeys-link">
            Journey view
          </Link>
          <ContactActions contactId={contactId} userId={c.userId} />
        </div>
      </header>
      <div className={styles.grid}>
        <div className="stack">
          <section className="card">
            <div className="card-header">
              <h2>Profile</h2>
            </div>
            <div className="card-body">
              <dl className={styles.facts}>
                <dt>Time zone</dt>
                <dd data-testid="contact-timezone">{c.timezone ?? "—"}</dd>
                <dt>Subscription</dt>
                <dd>
                  <span
                    className={`badge ${c.subscription === "subscribed" ? "badge-sent" : "badge-suppressed"}`}
                    data-testid="contact-subscription"
                  >
                    {c.subscription}
                  </span>
                </dd>
                <dt>Active journeys</dt>
                <dd>{c.activeRuns}</dd>
                <dt>First seen</dt>
                <dd>{formatDateTime(c.createdAt)}</dd>
                <dt>Updated</dt>
                <dd>{formatDateTime(c.updatedAt)}</dd>
              </dl>
            </div>
          </section>
          <TraitEditor contactId={contactId} traits={c.traits} />
          <ComputedTraitsCard values={c.computedTraits} />
          <BestSendTimeCard contactId={contactId} />
          <ContactSubscriptions contactId={contactId} />
        </div>
        <div className="stack">
          <ContactEvents contactId={contactId} />
          <ContactRuns contactId={contactId} />
          <ContactMessages contactId={contactId} />
        </div>
      </div>
    </div>
  );
}
