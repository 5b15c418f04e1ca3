// /events/schemas: rules per event name, enforced at ingest (reject or flag).
import type { Metadata } from "next";
import Link from "next/link";
import { EventSchemasEditor } from "@/components/events/event-schemas-editor";

export const metadata: Metadata = { title: "Event schemas" };

export default function EventSchemasPage() {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="muted">
            <Link href="/events">← Events</Link>
          </p>
          <h1>Event schemas</h1>
          <p>
            Say which properties an event must carry and of what type; ingest checks every event against its schema.
          </p>
        </div>
      </header>
      <EventSchemasEditor />
    </div>
  );
}
