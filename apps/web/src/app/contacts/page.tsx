// /contacts: everyone the workspace knows, searchable by userId or email.
import type { Metadata } from "next";
import { ContactsList } from "../../components/contacts/contacts-list";

export const metadata: Metadata = { title: "Contacts" };

export default function ContactsPage() {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Contacts</h1>
          <p>People your app identified or tracked: their traits, events, journeys and emails.</p>
        </div>
      </header>
      <ContactsList />
    </div>
  );
}
