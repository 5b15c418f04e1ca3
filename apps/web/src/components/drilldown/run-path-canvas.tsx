"use client";
// One run drawn on the read-only canvas of the version it is pinned to: the steps it reached
// carry their order and state (done, here now, waiting, cut short), the edges it took are
// drawn solid and the rest faded. Reuses the editor's node components and graph adapter, as
// the metrics canvas does; the path comes from the API's one run-path computation (runs.get).
import "@xyflow/react/dist/style.css";
import { Background, BackgroundVariant, ReactFlow, ReactFlowProvider, type NodeProps } from "@xyflow/react";
import type { RunPathStep } from "@mailstream/journey/run-path";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { createContext, memo, useContext, useMemo, type ComponentType, type CSSProperties } from "react";
import { toFlowEdges, toFlowNodes } from "@/components/canvas/store/flow-adapter";
import { nodeTypesOf } from "@/components/canvas/kinds/registry";
import { KindNode } from "@/components/canvas/nodes/node-types";
import type { TemplateOption } from "@/components/canvas/kinds/canvas-kind";
import { CanvasStoreProvider } from "@/components/canvas/store/canvas-store-provider";
import { canvasHeight } from "@/components/metrics/metrics-canvas";
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
const nodeTypes = nodeTypesOf(withVisit(KindNode as unknown as ComponentType<NodeProps>));

export function RunPathCanvas({
  graph,
  steps,
  templates,
}: {
  graph: JourneyGraph;
  steps: readonly RunPathStep[];
  /** Email nodes name their template from this list (read once: mount the canvas after it loaded). */
  templates: readonly TemplateOption[];
}) {
  const visits = useMemo(() => visitsOf(steps, graph), [steps, graph]);
  const nodes = useMemo(
    () => toFlowNodes(graph).map((n) => ({ ...n, draggable: false, connectable: false, selectable: false })),
    [graph],
  );
  const edges = useMemo(() => {
    const taken = takenEdges(steps, graph);
    return toFlowEdges(graph).map((edge) => ({
      ...edge,
      className: taken.has(`${edge.source}>${edge.target}`) ? styles.takenEdge : styles.otherEdge,
    }));
  }, [graph, steps]);
  return (
    <ReactFlowProvider>
      <CanvasStoreProvider graph={graph} templates={templates} isReadOnly>
        <PathContext.Provider value={visits}>
          <div
            className={styles.canvas}
            data-testid="run-path-canvas"
            style={{ "--canvas-height": `${canvasHeight(graph)}px` } as CSSProperties}
          >
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              nodesDraggable={false}
              nodesConnectable={false}
              elementsSelectable={false}
              fitView
              fitViewOptions={{ padding: 0.08, maxZoom: 1, minZoom: 0.6 }}
              minZoom={0.3}
              maxZoom={1.5}
              aria-label="The run's path through its journey version"
            >
              <Background variant={BackgroundVariant.Dots} gap={20} size={1.4} color="#c7cedb" />
            </ReactFlow>
          </div>
        </PathContext.Provider>
      </CanvasStoreProvider>
    </ReactFlowProvider>
  );
}
