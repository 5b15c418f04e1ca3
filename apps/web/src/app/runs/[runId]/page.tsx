// /runs/[runId]: the run inspector (status, version, current step, step log, End run, the
// workflow in the Temporal UI at TEMPORAL_UI_URL).
import type { Metadata } from "next";
import { RunInspector } from "@/components/runs/run-inspector";
import { getEnv } from "@/server/env";

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const env = getEnv();
  return <RunInspector runId={runId} temporalUi={{ url: env.TEMPORAL_UI_URL, namespace: env.TEMPORAL_NAMESPACE }} />;
}
