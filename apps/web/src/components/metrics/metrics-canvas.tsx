"use client";
// The journey drawn read-only with live counts: each node wears a badge (entered · waiting
// now) and each edge a label with the runs that took it and their share of the runs that
// reached its source (the rest dropped off or are still there). The canvas is as tall as the
// graph at 1:1 (up to a cap), so counts stay legible instead of fitting everything at 40%. Reuses the editor's node
// components (inside a read-only canvas store) and graph adapter; counts reach the nodes
// through a context so the graph data stays exactly the journey's.
import "@xyflow/react/dist/style.css";
import { Background, BackgroundVariant, Controls, ReactFlow, ReactFlowProvider, type NodeProps } from "@xyflow/react";
import type { JourneyGraph } from "@mailstream/journey/schema";
import {
  createContext,
  memo,
  useContext,
  useEffect,
  useMemo,
  type ComponentType,
  type CSSProperties,
  type ReactNode,
} from "react";
import { toFlowEdges, toFlowNodes } from "@/components/canvas/store/flow-adapter";
import { nodeTypesOf } from "@/components/canvas/kinds/registry";
import { KindNode } from "@/components/canvas/nodes/node-types";
import type { TemplateOption } from "@/components/canvas/kinds/canvas-kind";
import { CanvasStoreProvider } from "@/components/canvas/store/canvas-store-provider";
import { useCanvasActions } from "@/components/canvas/store/use-canvas-store";
import { formatCount } from "@/components/ui/format";
import type { SplitWinners } from "./experiments-panel";
import type { FlowMetrics } from "./metrics-types";
import styles from "./metrics.module.css";

const CountsContext = createContext<FlowMetrics | null>(null);
// Split nodes with a recorded winner wear it on the canvas (experiments panel reports them).
const WinnersContext = createContext<SplitWinners>(new Map());

function withCounts(Inner: ComponentType<NodeProps>) {
  return memo(function CountedNode(props: NodeProps) {
    const metrics = useContext(CountsContext);
    const entered = metrics?.nodeCounts[props.id] ?? 0;
    const waiting = metrics?.waitingByNode[props.id] ?? 0;
    const winner = useContext(WinnersContext).get(props.id);
    return (
      <div className={styles.node}>
        <Inner {...props} />
        <span
          className={styles.nodeBadge}
          data-testid={`canvas-count-${props.id}`}
          title="Runs that entered · waiting now"
        >
          {formatCount(entered)}
          {waiting > 0 ? <span className={styles.nodeWaiting}> · {formatCount(waiting)} waiting</span> : null}
        </span>
        {winner ? (
          <span
            className={styles.nodeWinner}
            data-testid={`canvas-winner-${props.id}`}
            title="Later contacts take this variant; the hold-out stays held out"
          >
            Winner: {winner.name} ({winner.source === "automatic" ? "auto" : "declared"})
          </span>
        ) : null}
      </div>
    );
  });
}

// Built once at module scope: React Flow remounts every node when nodeTypes changes.
// The editor's node is typed for journey nodes; this canvas only ever hands it those.
const nodeTypes = nodeTypesOf(withCounts(KindNode as unknown as ComponentType<NodeProps>));

// Never shrink below 85%: past that, a 13 px count reads as 11 px; a taller graph scrolls (pans) instead.
const FIT_VIEW = { padding: 0.08, maxZoom: 1, minZoom: 0.85 };
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

/** "12 · 80%": runs that took the edge, and their share of the runs that reached its source. */
export function edgeLabel(count: number, sourceEntered: number): string {
  if (sourceEntered <= 0) return formatCount(count);
  return `${formatCount(count)} · ${Math.round((Math.min(count, sourceEntered) / sourceEntered) * 100)}%`;
}

const NO_WINNERS: SplitWinners = new Map();

export function MetricsCanvas(props: {
  graph: JourneyGraph;
  metrics: FlowMetrics | undefined;
  templates: ReadonlyMap<string, TemplateOption>;
  winners?: SplitWinners;
  /** A click on a step opens its drill-down (who is there now). */
  onNodeClick?: (nodeId: string) => void;
}) {
  const { onNodeClick } = props;
  const { graph, metrics, templates } = props;
  const nodes = useMemo(
    () => toFlowNodes(graph).map((n) => ({ ...n, draggable: false, connectable: false, selectable: false })),
    [graph],
  );
  const edges = useMemo(() => {
    const outcomesBySourceTarget = new Map<string, number>();
    for (const [key, n] of Object.entries(metrics?.edgeCounts ?? {})) {
      // key: `<source>:<outcome>><target>`; an edge is (source, outlet, target).
      const colon = key.indexOf(":");
      const arrow = key.lastIndexOf(">");
      const source = key.slice(0, colon);
      const outcome = key.slice(colon + 1, arrow);
      const target = key.slice(arrow + 1);
      const id = `${source}|${outcome}|${target}`;
      outcomesBySourceTarget.set(id, (outcomesBySourceTarget.get(id) ?? 0) + n);
      const any = `${source}||${target}`;
      outcomesBySourceTarget.set(any, (outcomesBySourceTarget.get(any) ?? 0) + n);
    }
    return toFlowEdges(graph).map((edge) => {
      const count = edge.sourceHandle
        ? (outcomesBySourceTarget.get(`${edge.source}|${edge.sourceHandle}|${edge.target}`) ?? 0)
        : (outcomesBySourceTarget.get(`${edge.source}||${edge.target}`) ?? 0);
      const sourceEntered = metrics?.nodeCounts[edge.source] ?? 0;
      return {
        ...edge,
        label: edgeLabel(count, sourceEntered),
        labelShowBg: true,
        labelBgPadding: [6, 3] as [number, number],
        labelBgBorderRadius: 4,
        className: styles.edge,
        data: { count },
      };
    });
  }, [graph, metrics]);
  const templateList = useMemo(() => [...templates.values()], [templates]);
  return (
    <ReactFlowProvider>
      <CanvasStoreProvider graph={graph} templates={templateList} isReadOnly>
        <SyncTemplates templates={templateList} />
        <CountsContext.Provider value={metrics ?? null}>
          <WinnersContext.Provider value={props.winners ?? NO_WINNERS}>
            <div
              className={styles.canvas}
              data-testid="metrics-canvas"
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
                fitViewOptions={FIT_VIEW}
                minZoom={0.3}
                maxZoom={1.5}
                aria-label="Journey with live counts"
                onNodeClick={onNodeClick ? (_, node) => onNodeClick(node.id) : undefined}
              >
                <Background variant={BackgroundVariant.Dots} gap={20} size={1.4} color="#c7cedb" />
                <Controls position="bottom-left" showInteractive={false} />
              </ReactFlow>
            </div>
          </WinnersContext.Provider>
        </CountsContext.Provider>
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
