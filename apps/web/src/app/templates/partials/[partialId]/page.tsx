// /templates/partials/[partialId]: edit a shared header/footer partial.
import type { Metadata } from "next";
import { PartialEditor } from "@/components/templates/partial-editor";

export const metadata: Metadata = { title: "Edit partial" };

export default async function PartialPage({ params }: { params: Promise<{ partialId: string }> }) {
  const { partialId } = await params;
  return <PartialEditor partialId={partialId} />;
}
