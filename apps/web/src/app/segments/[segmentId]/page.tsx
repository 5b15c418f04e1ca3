// /segments/[segmentId]: live member count, recent members, size over time, rule editor.
import type { Metadata } from "next";
import { SegmentDetail } from "@/components/segments/segment-detail";

export const metadata: Metadata = { title: "Segment" };

export default async function SegmentPage({ params }: { params: Promise<{ segmentId: string }> }) {
  const { segmentId } = await params;
  return <SegmentDetail segmentId={segmentId} />;
}
