// /events: the workspace's recent events with filters, and the ones their schema flagged.
import type { Metadata } from "next";
import Link from "next/link";
import { EventsList } from "@/components/events/events-list";

export const metadata: Metadata = { title: "Events" };

export default function EventsPage() {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Events</h1>
          <p>Everything your app sent, newest first — including events flagged for breaking their schema.</p>
        </div>
        <Link href="/events/schemas" className="btn" data-testid="event-schemas-link">
          Event schemas
        </Link>
      </header>
      <EventsList />
    </div>
  );
}
