"use client";
// The editor's Live view (as a Braze Canvas shows a live canvas's analytics view): the live
// version drawn read-only with its counts, and a click on a step opens the same drill-down as
// the metrics page (who is there now; end, continue now, move). Two parts because the editor
// lays them out in two columns: the canvas and the side panel share the clicked step through
// `useLiveDrilldown`.
import { useQuery } from "@tanstack/react-query";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { useMemo, useState } from "react";
import type { TemplateOption } from "@/components/canvas/kinds/canvas-kind";
import { MetricsCanvas } from "@/components/metrics/metrics-canvas";
import { DEFAULT_FILTER } from "@/components/metrics/metrics-filters";
import { orderNodeRows } from "@/components/metrics/node-rows";
import { useTRPC } from "@/trpc/client";
import styles from "./drilldown.module.css";
import { StepDrilldown } from "./step-drilldown";

/** The step clicked on the Live canvas and the steps a contact may be moved to. */
export function useLiveDrilldown(graph: JourneyGraph | null, templates: readonly TemplateOption[] | undefined) {
  const [nodeId, setNodeId] = useState<string | null>(null);
  const rows = useMemo(() => {
    if (!graph) return [];
    const names = new Map((templates ?? []).map((t) => [t.id, t.name]));
    // The trigger is not a place anyone waits, nor a step to move to.
    return orderNodeRows(graph, names).filter((row) => row.kind !== "trigger");
  }, [graph, templates]);
  const step = rows.find((row) => row.id === nodeId) ?? null;
  return { step, steps: rows, open: setNodeId, close: () => setNodeId(null) };
}

export function LiveJourneyCanvas(props: {
  journeyId: string;
  graph: JourneyGraph;
  templates: readonly TemplateOption[] | undefined;
  onStepClick: (nodeId: string) => void;
}) {
  const trpc = useTRPC();
  // The same counts as the metrics page's default view, refreshed while the view is open.
  const dashboard = useQuery({
    ...trpc.metrics.dashboard.queryOptions({ journeyId: props.journeyId, ...DEFAULT_FILTER }),
    refetchInterval: 5_000,
  });
  const templates = useMemo(
    () => new Map((props.templates ?? []).map((template) => [template.id, template])),
    [props.templates],
  );
  return (
    <MetricsCanvas
      graph={props.graph}
      metrics={dashboard.data?.flow}
      templates={templates}
      onNodeClick={props.onStepClick}
      fill
      ariaLabel="The live version with its counts: click a step to see who is there"
    />
  );
}

export function LiveDrilldownPanel(props: { journeyId: string; drilldown: ReturnType<typeof useLiveDrilldown> }) {
  const { step, steps, open, close } = props.drilldown;
  if (!step) {
    return (
      <div className={styles.liveHint} data-testid="live-hint">
        <p>
          Click a step to see who is there now, how long they have waited and when they resume — and to end their runs,
          continue them now or move them.
        </p>
        {/* The same choice without a pointer: every step as a button. */}
        <ul className={styles.liveSteps} aria-label="Steps">
          {steps.map((row) => (
            <li key={row.id}>
              <button type="button" className="btn" onClick={() => open(row.id)}>
                {row.label}
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return <StepDrilldown key={step.id} journeyId={props.journeyId} step={step} steps={steps} onClose={close} />;
}
