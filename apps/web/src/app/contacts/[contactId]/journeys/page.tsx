// /contacts/[contactId]/journeys: the contact's runs, each on the canvas of its version (?run=<id>).
import type { Metadata } from "next";
import { Suspense } from "react";
import { ContactJourneysView } from "@/components/drilldown/contact-journeys";

export const metadata: Metadata = { title: "Contact journeys" };

export default async function ContactJourneysPage({ params }: { params: Promise<{ contactId: string }> }) {
  const { contactId } = await params;
  // useSearchParams needs a Suspense boundary for the static shell.
  return (
    <Suspense>
      <ContactJourneysView contactId={contactId} />
    </Suspense>
  );
}
