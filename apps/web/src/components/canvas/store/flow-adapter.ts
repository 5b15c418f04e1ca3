// Pure conversions between the journey graph (what we store and validate) and React
// Flow's node/edge arrays (what the canvas renders), plus the edits the editor makes.
// Only this module and the canvas store know React Flow's node and edge shapes.
import { MarkerType, type Connection, type Edge } from "@xyflow/react";
import type { JourneyFlowEdge, JourneyFlowNode, Position } from "./canvas-state";
import type { JourneyGraph, NodeData, NodeKind } from "@mailstream/journey/schema";
import type { Outlet } from "@/components/canvas/kinds/canvas-kind";
import { getCanvasKind, getOutlets } from "@/components/canvas/kinds/registry";
import { placeClear } from "./placement";

/** Vertical distance between a node and the one click-to-add places below it. */
export const NODE_SPACING_Y = 140;
/** Horizontal room per outlet when click-to-add hangs steps from a multi-outlet node. */
const NODE_SPACING_X = 280;

const EDGE_DEFAULTS = {
  type: "smoothstep",
  markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
} satisfies Partial<Edge>;

export function toFlowNodes(graph: JourneyGraph): JourneyFlowNode[] {
  return graph.nodes.map((node) => ({
    id: node.id,
    type: node.data.kind,
    position: { ...node.position },
    data: node.data,
  }));
}

export function toFlowEdges(graph: JourneyGraph): JourneyFlowEdge[] {
  return graph.edges.map((edge) => ({
    ...EDGE_DEFAULTS,
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.sourceHandle,
  }));
}

export function toJourneyGraph(nodes: readonly JourneyFlowNode[], edges: readonly JourneyFlowEdge[]): JourneyGraph {
  return {
    // Whole pixels: sub-pixel drag noise should not count as an unsaved change.
    nodes: nodes.map((node) => ({
      id: node.id,
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
      data: node.data,
    })),
    edges: edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: edge.sourceHandle ?? null,
    })),
  };
}

/**
 * A canonical string for a graph (object keys sorted): equal drawings give equal keys
 * whatever key order Postgres' jsonb or an edit left them in. Used for "unsaved changes"
 * and "is this the live version".
 */
export function graphKey(graph: JourneyGraph): string {
  return JSON.stringify(graph, (_key, value: unknown) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

export function createNodeId(kind: NodeKind): string {
  return `${kind}-${crypto.randomUUID().slice(0, 8)}`;
}

export function createFlowNode(kind: NodeKind, position: Position, id = createNodeId(kind)): JourneyFlowNode {
  return { id, type: kind, position, data: getCanvasKind(kind).createData() };
}

function edgeId(source: string, target: string, sourceHandle: string | null): string {
  return `e-${source}${sourceHandle ? `.${sourceHandle}` : ""}-${target}`;
}

/**
 * Whether a drag from one handle to another may become an edge: no self-loops, no
 * duplicates, only into nodes that take input. Cycles are allowed here (a loop through a
 * wait is legitimate) and left to validation.
 */
export function canConnect(
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
  connection: Pick<Connection, "source" | "target"> & { sourceHandle?: string | null },
): boolean {
  if (connection.source === connection.target) return false;
  const source = nodes.find((n) => n.id === connection.source);
  const target = nodes.find((n) => n.id === connection.target);
  if (!source || !target) return false;
  if (!getCanvasKind(source.data.kind).hasSource || !getCanvasKind(target.data.kind).hasTarget) return false;
  // Two outlets of one node may lead to the same step (yes and no both to an exit).
  const sourceHandle = connection.sourceHandle ?? null;
  return !edges.some(
    (e) =>
      e.source === connection.source && e.target === connection.target && (e.sourceHandle ?? null) === sourceHandle,
  );
}

/**
 * Adds the edge for a connection. Each outlet leads to one next step, so connecting an
 * outlet that is already wired replaces its old edge instead of forking the journey.
 */
export function connectOutlet(
  edges: readonly JourneyFlowEdge[],
  connection: Pick<Connection, "source" | "target"> & { sourceHandle?: string | null },
): JourneyFlowEdge[] {
  const sourceHandle = connection.sourceHandle ?? null;
  const kept = edges.filter((e) => !(e.source === connection.source && (e.sourceHandle ?? null) === sourceHandle));
  return [
    ...kept,
    {
      ...EDGE_DEFAULTS,
      id: edgeId(connection.source, connection.target, sourceHandle),
      source: connection.source,
      target: connection.target,
      sourceHandle,
    },
  ];
}

/** The outlets of `nodeId` that lead nowhere yet, in the card's order. */
export function freeOutlets(
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
  nodeId: string,
): Outlet[] {
  const node = nodes.find((n) => n.id === nodeId);
  if (!node) return [];
  const wired = new Set(edges.filter((e) => e.source === nodeId).map((e) => e.sourceHandle ?? null));
  return getOutlets(node.data).filter((o) => !wired.has(o.id));
}

/**
 * Click-to-add: places `newNode` below `afterId` and wires it from a free outlet — `outlet`
 * when given (and free), else the first free one. A wired path is never rewired: with no free
 * outlet (or a node that takes no input) the new node is set beside, unconnected. Nothing
 * already on the canvas moves; the new node goes to the nearest spot that overlaps none.
 * `wiredFrom` says which outlet was used (undefined when none was).
 */
export function appendNode(
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
  afterId: string,
  newNode: JourneyFlowNode,
  outlet?: string | null,
): { nodes: JourneyFlowNode[]; edges: JourneyFlowEdge[]; wiredFrom: string | null | undefined } | null {
  const after = nodes.find((n) => n.id === afterId);
  if (!after) return null;
  const allOutlets = getOutlets(after.data);
  const free = freeOutlets(nodes, edges, afterId);
  const chosen = outlet === undefined ? free[0] : free.find((o) => o.id === outlet);
  const wiredFrom = getCanvasKind(newNode.data.kind).hasTarget ? chosen?.id : undefined;

  const afterWidth = after.measured?.width ?? getCanvasKind(after.data.kind).width;
  const newWidth = getCanvasKind(newNode.data.kind).width;
  // Wired: below the parent, each outlet's steps in their own column (yes left of no).
  // Unconnected: beside the parent, so it is plainly not part of the path.
  const index = allOutlets.findIndex((o) => o.id === wiredFrom);
  const column = wiredFrom === undefined ? 0 : (index - (allOutlets.length - 1) / 2) * NODE_SPACING_X;
  const centreX = after.position.x + afterWidth / 2 + column;
  const wanted = {
    ...newNode,
    position:
      wiredFrom === undefined
        ? { x: after.position.x + afterWidth + NODE_SPACING_X - newWidth, y: after.position.y }
        : { x: Math.round(centreX - newWidth / 2), y: after.position.y + NODE_SPACING_Y },
  };
  const placed = placeClear(wanted, nodes);
  if (wiredFrom === undefined) return { nodes: [...nodes, placed], edges: [...edges], wiredFrom };
  return {
    nodes: [...nodes, placed],
    edges: connectOutlet(edges, { source: afterId, target: placed.id, sourceHandle: wiredFrom }),
    wiredFrom,
  };
}

/**
 * The edges left after removing `removedIds`, with the journey kept in one piece: a step
 * that led into a removed node now leads to where the removed node (or chain) led —
 * through the removed node's first wired outlet, in outlet order.
 */
export function removeNodesAndBridge(
  edges: readonly JourneyFlowEdge[],
  removedIds: ReadonlySet<string>,
): JourneyFlowEdge[] {
  const outletOf = (nodeId: string) => edges.find((e) => e.source === nodeId);
  let kept = edges.filter((e) => !removedIds.has(e.source) && !removedIds.has(e.target));
  for (const edge of edges) {
    if (removedIds.has(edge.source) || !removedIds.has(edge.target)) continue;
    // Walk forward through the removed chain; `seen` stops at a loop of removed nodes.
    const seen = new Set<string>();
    let next = outletOf(edge.target);
    while (next && removedIds.has(next.target) && !seen.has(next.target)) {
      seen.add(next.target);
      next = outletOf(next.target);
    }
    if (next && !removedIds.has(next.target) && next.target !== edge.source) {
      kept = connectOutlet(kept, { source: edge.source, target: next.target, sourceHandle: edge.sourceHandle ?? null });
    }
  }
  return kept;
}

/**
 * The edges left once `nodeId` has `data`: connections from outlets the node no longer has
 * (a removed split variant or branch case, yes/no after switching to cases) are dropped, so
 * the canvas never keeps an edge hanging from a handle that is gone.
 */
export function dropOrphanOutletEdges(
  edges: readonly JourneyFlowEdge[],
  nodeId: string,
  data: NodeData,
): JourneyFlowEdge[] {
  const outlets = new Set(getOutlets(data).map((o) => o.id));
  const kept = edges.filter((e) => e.source !== nodeId || outlets.has(e.sourceHandle ?? null));
  return kept.length === edges.length ? [...edges] : kept;
}

/** The lowest node on the canvas: where click-to-add continues when nothing is selected. */
export function findLowestNode(nodes: readonly JourneyFlowNode[]): JourneyFlowNode | undefined {
  return nodes.reduce<JourneyFlowNode | undefined>(
    (lowest, n) => (lowest === undefined || n.position.y > lowest.position.y ? n : lowest),
    undefined,
  );
}
