// The run's workflow in the Temporal UI: the namespace's workflow list filtered to the run's
// workflow id, which also lists the executions it continued-as-new into.
export interface TemporalUi {
  /** TEMPORAL_UI_URL */
  url: string;
  /** TEMPORAL_NAMESPACE */
  namespace: string;
}

export function temporalWorkflowUrl(ui: TemporalUi, workflowId: string): string {
  const base = ui.url.replace(/\/+$/, "");
  const query = `WorkflowId="${workflowId.replace(/["\\]/g, "\\$&")}"`;
  return `${base}/namespaces/${encodeURIComponent(ui.namespace)}/workflows?query=${encodeURIComponent(query)}`;
}
