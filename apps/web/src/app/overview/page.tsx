// /overview: the workspace's pulse — ingest rate, active runs, email throughput, delivery
// health, alerts and journeys ranked by conversions.
import type { Metadata } from "next";
import { WorkspaceOverviewView } from "@/components/metrics/workspace-overview";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return <WorkspaceOverviewView />;
}
