// /segments/new: build a segment from AND/OR groups of rules.
import type { Metadata } from "next";
import { SegmentBuilder } from "@/components/segments/segment-builder";

export const metadata: Metadata = { title: "New segment" };

export default function NewSegmentPage() {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>New segment</h1>
          <p>Contacts matching these rules are members; everyone already known is checked when you create it.</p>
        </div>
      </header>
      <section className="card">
        <div className="card-body">
          <SegmentBuilder />
        </div>
      </section>
    </div>
  );
}
