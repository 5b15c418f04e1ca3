// /broadcasts/[broadcastId]: progress, controls, funnel and export of one broadcast.
import type { Metadata } from "next";
import { BroadcastDetail } from "@/components/broadcasts/broadcast-detail";

export const metadata: Metadata = { title: "Broadcast" };

export default async function BroadcastPage({ params }: { params: Promise<{ broadcastId: string }> }) {
  const { broadcastId } = await params;
  return <BroadcastDetail broadcastId={broadcastId} />;
}
