// /contacts/[contactId]: one contact's profile, timeline, journeys and emails.
import type { Metadata } from "next";
import { ContactProfileView } from "@/components/contacts/contact-profile";

export const metadata: Metadata = { title: "Contact" };

export default async function ContactPage({ params }: { params: Promise<{ contactId: string }> }) {
  const { contactId } = await params;
  return <ContactProfileView contactId={contactId} />;
}
