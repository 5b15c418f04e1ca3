// /events/schemas: rules per event name, enforced at ingest (reject or flag).
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/list-parts";
import { EventSchemasEditor } from "@/components/events/event-schemas-editor";

export const metadata: Metadata = { title: "Event schemas" };

export default function EventSchemasPage() {
  return (
    <div className="page">
      <PageHeader
        title="Event schemas"
        back={{ href: "/events", label: "Events" }}
        description="Say which properties an event must carry and of what type; ingest checks every event against its schema."
      />
      <EventSchemasEditor />
    </div>
  );
}
