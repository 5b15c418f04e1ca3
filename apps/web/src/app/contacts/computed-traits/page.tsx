// /contacts/computed-traits: define traits computed from each contact's events.
import type { Metadata } from "next";
import Link from "next/link";
import { ComputedTraitsEditor } from "@/components/contacts/computed-traits-editor";

export const metadata: Metadata = { title: "Computed traits" };

export default function ComputedTraitsPage() {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="muted">
            <Link href="/contacts">← Contacts</Link>
          </p>
          <h1>Computed traits</h1>
          <p>
            Counts, sums, last values and first/last seen times, kept current as each event arrives. Segments can use
            them.
          </p>
        </div>
      </header>
      <ComputedTraitsEditor />
    </div>
  );
}
