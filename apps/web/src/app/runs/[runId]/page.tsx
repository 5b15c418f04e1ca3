// /runs/[runId]: the run inspector (status, version, current step, step log, End run).
import type { Metadata } from "next";
import { RunInspector } from "@/components/runs/run-inspector";

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  return <RunInspector runId={runId} />;
}
