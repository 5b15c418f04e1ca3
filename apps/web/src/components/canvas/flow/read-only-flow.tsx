"use client";
// The one React Flow set-up for a journey drawn read-only (the metrics canvas, a run's path, the
// editor's Live view): the editor's node components inside a read-only canvas store, nothing
// draggable, connectable or selectable, as tall as the graph at 1:1 (within bounds) and fitted.
// Callers add what they show through a node wrapper and edge decoration; what the wrapper reads
// (counts, a run's visits) reaches it through a context the caller provides around this.
import "@xyflow/react/dist/style.css";
import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  type Edge,
  type FitViewOptions,
  type NodeProps,
} from "@xyflow/react";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { useEffect, useMemo, type ComponentType, type CSSProperties, type ReactNode } from "react";
import { nodeTypesOf } from "@/components/canvas/kinds/registry";
import type { TemplateOption } from "@/components/canvas/kinds/canvas-kind";
import { KindNode } from "@/components/canvas/nodes/node-types";
import { CanvasStoreProvider } from "@/components/canvas/store/canvas-store-provider";
import { toFlowEdges, toFlowNodes } from "@/components/canvas/store/flow-adapter";
import { useCanvasActions } from "@/components/canvas/store/use-canvas-store";

/** A node's drawn height and the room around the graph (px at 1:1). */
const NODE_HEIGHT = 90;
const CANVAS_MARGIN = 100;
const CANVAS_MIN = 360;
const CANVAS_MAX = 880;

/** Tall enough to draw the graph at 1:1, within the page's bounds. */
export function canvasHeight(graph: JourneyGraph): number {
  const ys = graph.nodes.map((n) => n.position.y);
  const span = ys.length === 0 ? 0 : Math.max(...ys) - Math.min(...ys) + NODE_HEIGHT;
  return Math.min(CANVAS_MAX, Math.max(CANVAS_MIN, span + CANVAS_MARGIN));
}

/**
 * Node types whose every kind renders the editor's node inside `decorate`. Call at module
 * scope: React Flow remounts every node when nodeTypes changes.
 */
export function readOnlyNodeTypes(decorate: (inner: ComponentType<NodeProps>) => ComponentType<NodeProps>) {
  // The editor's node is typed for journey nodes; a read-only canvas only ever hands it those.
  return nodeTypesOf(decorate(KindNode as unknown as ComponentType<NodeProps>));
}

const DEFAULT_FIT: FitViewOptions = { padding: 0.08, maxZoom: 1, minZoom: 0.6 };

export interface ReadOnlyFlowProps {
  graph: JourneyGraph;
  /** Email nodes name their template from this list (kept in the store as it loads). */
  templates: readonly TemplateOption[];
  nodeTypes: ReturnType<typeof readOnlyNodeTypes>;
  /** Decorates the graph's edges (labels, classes); the plain edges otherwise. */
  decorateEdges?: (edges: Edge[]) => Edge[];
  className: string | undefined;
  testId: string;
  ariaLabel: string;
  fitViewOptions?: FitViewOptions;
  /** Zoom buttons (bottom left). */
  hasControls?: boolean;
  /** A click on a step; steps then show a pointer. */
  onNodeClick?: ((nodeId: string) => void) | undefined;
  /** Overrides the graph-derived height (a canvas that fills its container). */
  style?: CSSProperties;
}

export function ReadOnlyFlow(props: ReadOnlyFlowProps) {
  const { graph, decorateEdges, onNodeClick } = props;
  const nodes = useMemo(
    () => toFlowNodes(graph).map((n) => ({ ...n, draggable: false, connectable: false, selectable: false })),
    [graph],
  );
  const edges = useMemo(() => {
    const plain = toFlowEdges(graph);
    return decorateEdges ? decorateEdges(plain) : plain;
  }, [graph, decorateEdges]);
  return (
    <ReactFlowProvider>
      <CanvasStoreProvider graph={graph} templates={props.templates} isReadOnly>
        <SyncTemplates templates={props.templates} />
        <div
          className={props.className}
          data-testid={props.testId}
          style={props.style ?? ({ "--canvas-height": `${canvasHeight(graph)}px` } as CSSProperties)}
        >
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={props.nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            fitView
            fitViewOptions={props.fitViewOptions ?? DEFAULT_FIT}
            minZoom={0.3}
            maxZoom={1.5}
            aria-label={props.ariaLabel}
            onNodeClick={onNodeClick ? (_, node) => onNodeClick(node.id) : undefined}
          >
            <Background variant={BackgroundVariant.Dots} gap={20} size={1.4} color="#c7cedb" />
            {props.hasControls ? <Controls position="bottom-left" showInteractive={false} /> : null}
          </ReactFlow>
        </div>
      </CanvasStoreProvider>
    </ReactFlowProvider>
  );
}

/** Node summaries name templates; the store takes the list as it loads. */
function SyncTemplates({ templates }: { templates: readonly TemplateOption[] }): ReactNode {
  const { setCatalog } = useCanvasActions();
  useEffect(() => setCatalog({ templates, segments: undefined }), [setCatalog, templates]);
  return null;
}
