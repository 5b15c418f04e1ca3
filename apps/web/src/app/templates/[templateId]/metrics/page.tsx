// /templates/[templateId]/metrics: one template's email metrics across every journey that sends it.
import type { Metadata } from "next";
import { TemplateMetricsView } from "@/components/metrics/template-metrics";

export const metadata: Metadata = { title: "Template metrics" };

export default async function TemplateMetricsPage({ params }: { params: Promise<{ templateId: string }> }) {
  const { templateId } = await params;
  return <TemplateMetricsView templateId={templateId} />;
}
