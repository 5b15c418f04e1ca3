"use client";
// Read-only "Subscriptions" section for the contact profile: each topic with this contact's
// state (their choice, or the topic's default). Include as <ContactSubscriptions contactId=… />.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import u from "@/components/ui/utility.module.css";

export function ContactSubscriptions({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const topics = useQuery(trpc.topics.forContact.queryOptions({ contactId }));
  return (
    <section className="card" aria-labelledby="contact-subscriptions-title" data-testid="contact-subscriptions">
      <div className="card-header">
        <h2 id="contact-subscriptions-title">Subscriptions</h2>
      </div>
      <div className="card-body">
        {topics.isPending && <p className="muted">Loading…</p>}
        {topics.error && <p className="alert alert-error">{topics.error.message}</p>}
        {topics.data?.length === 0 && <p className="muted">This workspace has no subscription topics.</p>}
        {topics.data && topics.data.length > 0 && (
          <table className="table">
            <tbody>
              {topics.data.map((topic) => (
                <tr key={topic.topicId}>
                  <td className={u.strong}>{topic.name}</td>
                  <td>
                    <span className={`badge ${topic.isSubscribed ? "badge-sent" : "badge-suppressed"}`}>
                      {topic.isSubscribed ? "Subscribed" : "Unsubscribed"}
                    </span>
                  </td>
                  <td className="muted">
                    {topic.isDefault
                      ? `default (${topic.defaultMode === "opt_in" ? "opt-in" : "opt-out"})`
                      : "contact's choice"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
