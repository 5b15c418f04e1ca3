"use client";
// One run drawn on the read-only canvas of the version it is pinned to: the steps it reached
// carry their order and state (done, here now, waiting, cut short), the edges it took are
// drawn solid and the rest faded. Drawn by the shared read-only flow
// (canvas/flow/read-only-flow.tsx), as the metrics canvas is; the path comes from the API's
// one run-path computation (runs.get).
import type { Edge, NodeProps } from "@xyflow/react";
import type { RunPathStep } from "@mailstream/journey/run-path";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { createContext, memo, useCallback, useContext, useMemo, type ComponentType } from "react";
import { ReadOnlyFlow, readOnlyNodeTypes } from "@/components/canvas/flow/read-only-flow";
import type { TemplateOption } from "@/components/canvas/kinds/canvas-kind";
import { STEP_STATE_LABELS } from "@/components/runs/current-step";
import styles from "./run-path.module.css";
import { takenEdges, visitsOf, type NodeVisit } from "./run-path-visits";

const PathContext = createContext<ReadonlyMap<string, NodeVisit>>(new Map());

function withVisit(Inner: ComponentType<NodeProps>) {
  return memo(function VisitedNode(props: NodeProps) {
    const visit = useContext(PathContext).get(props.id);
    return (
      <div className={visit ? styles.visited : styles.unvisited} data-state={visit?.state ?? "unvisited"}>
        <Inner {...props} />
        {visit ? (
          <span className={styles.badge} data-testid={`path-node-${props.id}`} data-state={visit.state}>
            {visit.order.map((n) => `#${n}`).join(" ")} ·{" "}
            {visit.state === "done" ? visit.outcome : STEP_STATE_LABELS[visit.state]}
          </span>
        ) : null}
      </div>
    );
  });
}

// Module scope: React Flow remounts every node when nodeTypes changes.
const nodeTypes = readOnlyNodeTypes(withVisit);

export function RunPathCanvas({
  graph,
  steps,
  templates,
}: {
  graph: JourneyGraph;
  steps: readonly RunPathStep[];
  /** Email nodes name their template from this list (kept current as it loads). */
  templates: readonly TemplateOption[];
}) {
  const visits = useMemo(() => visitsOf(steps, graph), [steps, graph]);
  const decorateEdges = useCallback(
    (edges: Edge[]) => {
      const taken = takenEdges(steps, graph);
      return edges.map((edge) => ({
        ...edge,
        className: taken.has(`${edge.source}>${edge.target}`) ? styles.takenEdge : styles.otherEdge,
      }));
    },
    [graph, steps],
  );
  return (
    <PathContext.Provider value={visits}>
      <ReadOnlyFlow
        graph={graph}
        templates={templates}
        nodeTypes={nodeTypes}
        decorateEdges={decorateEdges}
        className={styles.canvas}
        testId="run-path-canvas"
        ariaLabel="The run's path through its journey version"
      />
    </PathContext.Provider>
  );
}
