// /broadcasts/new: a broadcast draft, with the audience estimate.
import type { Metadata } from "next";
import { BroadcastForm } from "@/components/broadcasts/broadcast-form";
import { PageHeader } from "@/components/ui/list-parts";

export const metadata: Metadata = { title: "New broadcast" };

export default function NewBroadcastPage() {
  return (
    <div className="page">
      <PageHeader
        back={{ href: "/broadcasts", label: "Broadcasts" }}
        title="New broadcast"
        description="Saved as a draft; you send it from its page."
      />
      <BroadcastForm />
    </div>
  );
}
