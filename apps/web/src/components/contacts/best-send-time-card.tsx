"use client";
// The profile's "Best send time": the hour a best-time wait or broadcast picks for this contact
// (in their zone and the viewer's), what it rests on, and their opens and clicks per local hour.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import { Card, CardError, CardNote } from "@/components/ui/card";
import styles from "./contacts.module.css";

const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** The viewer's wall-clock hour of `instant`, named with their zone. */
function viewerTime(instant: string): string {
  return new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(
    new Date(instant),
  );
}

export function BestSendTimeCard({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.contacts.bestSendTime.queryOptions({ contactId }, { retry: false }));
  if (query.isPending)
    return (
      <Card title="Best send time" testId="contact-best-time">
        <CardNote>Loading…</CardNote>
      </Card>
    );
  if (query.isError)
    return (
      <Card title="Best send time" testId="contact-best-time">
        <CardError error={query.error} />
      </Card>
    );
  const best = query.data;
  const engagements = best.opens + best.clicks;
  const basis =
    best.source === "contact"
      ? `${best.opens} open${best.opens === 1 ? "" : "s"} and ${best.clicks} click${best.clicks === 1 ? "" : "s"} in the last year`
      : best.source === "workspace"
        ? `workspace default (${engagements} of the ${best.minEngagements} opens or clicks needed)`
        : "no history yet — the time the journey or broadcast names";
  const peak = Math.max(1, ...best.histogram);
  return (
    <Card title="Best send time" testId="contact-best-time">
      <div className="card-body stack">
        <dl className={styles.facts}>
          <dt>Their time</dt>
          <dd data-testid="best-time-hour">
            {best.hour === null ? "—" : hourLabel(best.hour)} <span className="muted">({best.timeZone})</span>
          </dd>
          <dt>Your time</dt>
          <dd data-testid="best-time-viewer">{best.nextAt ? viewerTime(best.nextAt) : "—"}</dd>
          <dt>Based on</dt>
          <dd data-testid="best-time-basis">{basis}</dd>
        </dl>
        <figure className={styles.histogram} aria-label="Opens and clicks per hour of the day, in the contact's zone">
          <div className={styles.histogramBars}>
            {best.histogram.map((count, hour) => (
              <div
                key={hour}
                className={hour === best.hour && best.source === "contact" ? styles.barBest : styles.bar}
                style={{ height: `${Math.round((count / peak) * 100)}%` }}
                title={`${hourLabel(hour)}: ${count}`}
                data-testid="best-time-bar"
              />
            ))}
          </div>
          <figcaption className={styles.histogramAxis}>
            <span>00</span>
            <span>06</span>
            <span>12</span>
            <span>18</span>
            <span>23</span>
          </figcaption>
        </figure>
      </div>
    </Card>
  );
}
