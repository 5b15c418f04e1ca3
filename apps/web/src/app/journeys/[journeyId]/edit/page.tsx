// /journeys/[journeyId]/edit: the canvas editor for one journey.
import type { Metadata } from "next";
import { JourneyEditClient } from "./journey-edit-client";

export const metadata: Metadata = { title: "Edit journey" };

export default async function EditJourneyPage({ params }: { params: Promise<{ journeyId: string }> }) {
  const { journeyId } = await params;
  return <JourneyEditClient journeyId={journeyId} />;
}
