// /broadcasts/[broadcastId]/edit: the draft's form (only a draft can change).
import type { Metadata } from "next";
import { BroadcastEditor } from "@/components/broadcasts/broadcast-editor";

export const metadata: Metadata = { title: "Edit broadcast" };

export default async function EditBroadcastPage({ params }: { params: Promise<{ broadcastId: string }> }) {
  const { broadcastId } = await params;
  return <BroadcastEditor broadcastId={broadcastId} />;
}
