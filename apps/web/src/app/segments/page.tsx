// /segments: the workspace's segments with live member counts.
import type { Metadata } from "next";
import Link from "next/link";
import { SegmentsList } from "@/components/segments/segments-list";

export const metadata: Metadata = { title: "Segments" };

export default function SegmentsPage() {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Segments</h1>
          <p>Groups of contacts kept current as events arrive; a journey can start when someone enters one.</p>
        </div>
        <Link href="/segments/new" className="btn btn-primary" data-testid="new-segment">
          New segment
        </Link>
      </header>
      <SegmentsList />
    </div>
  );
}
