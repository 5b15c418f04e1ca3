// /journeys/[journeyId]/metrics: live runs and per-step counts for one journey.
import type { Metadata } from "next";
import { JourneyMetricsView } from "@/components/metrics/journey-metrics";

export const metadata: Metadata = { title: "Journey metrics" };

export default async function JourneyMetricsPage({ params }: { params: Promise<{ journeyId: string }> }) {
  const { journeyId } = await params;
  return <JourneyMetricsView journeyId={journeyId} />;
}
