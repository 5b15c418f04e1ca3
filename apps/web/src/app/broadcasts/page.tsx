// /broadcasts: every broadcast with its status and counts.
import type { Metadata } from "next";
import Link from "next/link";
import { BroadcastsList } from "@/components/broadcasts/broadcasts-list";
import { PageHeader } from "@/components/ui/list-parts";

export const metadata: Metadata = { title: "Broadcasts" };

export default function BroadcastsPage() {
  return (
    <div className="page">
      <PageHeader
        title="Broadcasts"
        description="One email to a segment or a topic's subscribers — now, at a set time, or at a local time in each contact's zone."
        action={
          <Link href="/broadcasts/new" className="btn btn-primary" data-testid="new-broadcast">
            New broadcast
          </Link>
        }
      />
      <BroadcastsList />
    </div>
  );
}
