"use client";
// The journey drawn read-only with live counts: each node wears a badge (entered · waiting
// now) and each edge a label with the runs that took it and their share of the runs that
// reached its source (the rest dropped off or are still there). The canvas is as tall as the
// graph at 1:1 (up to a cap), so counts stay legible instead of fitting everything at 40%. Drawn
// by the shared read-only flow (canvas/flow/read-only-flow.tsx); counts reach the nodes
// through a context so the graph data stays exactly the journey's.
import { type Edge, type NodeProps } from "@xyflow/react";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { createContext, memo, useCallback, useContext, useMemo, type ComponentType } from "react";
import { ReadOnlyFlow, readOnlyNodeTypes } from "@/components/canvas/flow/read-only-flow";
import type { TemplateOption } from "@/components/canvas/kinds/canvas-kind";
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

// Module scope: React Flow remounts every node when nodeTypes changes.
const nodeTypes = readOnlyNodeTypes(withCounts);

// Never shrink below 85%: past that, a 13 px count reads as 11 px; a taller graph scrolls (pans) instead.
const FIT_VIEW = { padding: 0.08, maxZoom: 1, minZoom: 0.85 };
// Filling a fixed pane (the editor), the whole graph shows, as the editor's own canvas fits it.
const FILL_FIT_VIEW = { padding: 0.12, maxZoom: 1, minZoom: 0.3 };
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
  /** Fills its container instead of taking the graph's height (the editor's Live view). */
  fill?: boolean;
  ariaLabel?: string;
}) {
  const { graph, metrics, templates } = props;
  const decorateEdges = useCallback(
    (edges: Edge[]) => {
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
      return edges.map((edge) => {
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
    },
    [metrics],
  );
  const templateList = useMemo(() => [...templates.values()], [templates]);
  return (
    <CountsContext.Provider value={metrics ?? null}>
      <WinnersContext.Provider value={props.winners ?? NO_WINNERS}>
        <ReadOnlyFlow
          graph={graph}
          templates={templateList}
          nodeTypes={nodeTypes}
          decorateEdges={decorateEdges}
          className={props.fill ? styles.canvasFill : styles.canvas}
          testId="metrics-canvas"
          ariaLabel={props.ariaLabel ?? "Journey with live counts"}
          fitViewOptions={props.fill ? FILL_FIT_VIEW : FIT_VIEW}
          hasControls
          onNodeClick={props.onNodeClick}
          {...(props.fill ? { style: {} } : {})}
        />
      </WinnersContext.Provider>
    </CountsContext.Provider>
  );
}
