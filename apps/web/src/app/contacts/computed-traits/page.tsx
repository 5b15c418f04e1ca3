// /contacts/computed-traits: define traits computed from each contact's events.
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/list-parts";
import { ComputedTraitsEditor } from "@/components/contacts/computed-traits-editor";

export const metadata: Metadata = { title: "Computed traits" };

export default function ComputedTraitsPage() {
  return (
    <div className="page">
      <PageHeader
        title="Computed traits"
        back={{ href: "/contacts", label: "Contacts" }}
        description="Counts, sums, last values and first/last seen times, kept current as each event arrives. Segments can use them."
      />
      <ComputedTraitsEditor />
    </div>
  );
}
