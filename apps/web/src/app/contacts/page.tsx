// /contacts: everyone the workspace knows, searchable by userId, email or name.
import type { Metadata } from "next";
import Link from "next/link";
import { ContactsList } from "@/components/contacts/contacts-list";

export const metadata: Metadata = { title: "Contacts" };

export default function ContactsPage() {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Contacts</h1>
          <p>People your app identified or tracked: their traits, events, journeys and emails.</p>
        </div>
        <Link href="/contacts/computed-traits" className="btn" data-testid="computed-traits-link">
          Computed traits
        </Link>
      </header>
      <ContactsList />
    </div>
  );
}
