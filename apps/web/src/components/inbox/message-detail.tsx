"use client";
// One sent email as the recipient would see it: envelope, what happened to it since (its
// events), rendered HTML, headers, text part.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";
import { EmailFrame } from "@/components/ui/email-frame";
import { formatDateTime } from "@/components/ui/format";
import styles from "./inbox.module.css";

export function MessageDetail({ messageId }: { messageId: string }) {
  const trpc = useTRPC();
  const message = useQuery(trpc.messages.byId.queryOptions({ messageId }));
  if (message.isPending) return <div className="card-body muted">Loading email…</div>;
  if (message.isError) return <div className="card-body alert alert-error">{message.error.message}</div>;
  const m = message.data;
  const headers = Object.entries(m.headers);
  return (
    <article data-testid="inbox-message" data-message-id={m.id}>
      <header className={styles.detailHead}>
        <h2 data-testid="inbox-message-subject">{m.subject}</h2>
        <dl className={styles.meta}>
          <dt>From</dt>
          <dd>{m.fromAddress}</dd>
          <dt>To</dt>
          <dd data-testid="inbox-message-to">{m.toAddress}</dd>
          <dt>Date</dt>
          <dd>{formatDateTime(m.sentAt ?? m.createdAt)}</dd>
          <dt>Journey</dt>
          <dd>
            {m.journeyId ? <Link href={`/journeys/${m.journeyId}/metrics`}>{m.journeyName ?? m.journeyId}</Link> : "—"}
            {m.nodeId ? <span className="faint mono"> · {m.nodeId}</span> : null}
          </dd>
          <dt>Status</dt>
          <dd>
            <span className={`badge badge-${m.status}`}>{m.status}</span>
            {m.error ? <span className="muted"> {m.error}</span> : null}
          </dd>
          <dt>Events</dt>
          <dd>
            {m.events.length === 0 ? (
              <span className="muted">None yet</span>
            ) : (
              <ol className={styles.events} data-testid="inbox-message-events">
                {m.events.map((event, index) => (
                  <li key={index}>
                    <span className={`badge badge-${event.type}`}>{event.type.replace("_", " ")}</span>{" "}
                    <span className="muted">{formatDateTime(event.occurredAt)}</span>
                    {event.url ? <span className="faint mono"> · {event.url}</span> : null}
                  </li>
                ))}
              </ol>
            )}
          </dd>
        </dl>
      </header>
      <EmailFrame title="Email content" className={styles.frame} html={m.html} testId="inbox-message-frame" />
      <details className={styles.section}>
        <summary>Headers ({headers.length})</summary>
        <table className={styles.headers}>
          <tbody>
            {headers.map(([name, value]) => (
              <tr key={name}>
                <td>{name}</td>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <details className={styles.section}>
        <summary>Plain-text part</summary>
        <pre className={styles.text} data-testid="inbox-message-text">
          {m.text}
        </pre>
      </details>
    </article>
  );
}
