// /journeys/[journeyId]/runs: the journey's status and lifecycle actions, its versions, and
// every run (filter by status and version, open one in the run inspector).
import type { Metadata } from "next";
import { JourneyHeader } from "@/components/journeys/journey-header";
import { VersionsCard } from "@/components/journeys/versions-card";
import { RunsTable } from "@/components/runs/runs-table";

export const metadata: Metadata = { title: "Journey runs" };

export default async function JourneyRunsPage({ params }: { params: Promise<{ journeyId: string }> }) {
  const { journeyId } = await params;
  return (
    <div className="page stack">
      <JourneyHeader journeyId={journeyId} subtitle="Who is in this journey, on which version, and where they are." />
      <VersionsCard journeyId={journeyId} />
      <RunsTable journeyId={journeyId} />
    </div>
  );
}
