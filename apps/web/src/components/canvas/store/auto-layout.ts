// "Tidy up": lays the whole drawing out top-down with ELK's layered algorithm — steps in
// rows by depth, each node's outlets kept in their card order (yes left of no), room
// reserved between rows for edges that skip a row. Runs only when asked (the canvas never
// moves nodes by itself); the store applies the result as one undoable step.
import ELK, { type ElkExtendedEdge, type ElkNode } from "elkjs/lib/elk.bundled.js";
import { getCanvasKind, getOutlets } from "@/components/canvas/kinds/registry";
import type { JourneyFlowEdge, JourneyFlowNode, Position } from "./canvas-state";
import { boxOf } from "./placement";

const LAYOUT_OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.spacing.nodeNode": "60",
  "elk.spacing.edgeNode": "30",
  "elk.layered.spacing.nodeNodeBetweenLayers": "70",
  "elk.layered.spacing.edgeNodeBetweenLayers": "30",
  "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
  // Keep the drawing's own order where the algorithm has a free choice: a tidy-up should
  // look like the same journey, straightened.
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
};

const inPort = (nodeId: string) => `${nodeId}::in`;
const outPort = (nodeId: string, outlet: string | null) => `${nodeId}::out::${outlet ?? ""}`;

function toElkNode(node: JourneyFlowNode): ElkNode {
  const box = boxOf(node);
  const outlets = getOutlets(node.data);
  const ports = [
    ...(getCanvasKind(node.data.kind).hasTarget
      ? [{ id: inPort(node.id), layoutOptions: { "elk.port.side": "NORTH" } }]
      : []),
    ...outlets.map((outlet, index) => ({
      id: outPort(node.id, outlet.id),
      // Ports on the bottom side are ordered right to left by index in ELK's clockwise order.
      layoutOptions: { "elk.port.side": "SOUTH", "elk.port.index": String(outlets.length - index) },
    })),
  ];
  return {
    id: node.id,
    width: box.width,
    height: box.height,
    ports,
    layoutOptions: { "elk.portConstraints": "FIXED_ORDER" },
  };
}

/**
 * New positions for every node, laid out by ELK and shifted so the drawing keeps its top-left
 * corner (the view does not jump). Edges to or from unknown nodes or outlets are ignored.
 */
export async function layoutDrawing(
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
): Promise<Map<string, Position>> {
  if (nodes.length === 0) return new Map();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const elkEdges: ElkExtendedEdge[] = edges.flatMap((edge) => {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    const outlet = edge.sourceHandle ?? null;
    if (!source || !target || !getOutlets(source.data).some((o) => o.id === outlet)) return [];
    if (!getCanvasKind(target.data.kind).hasTarget) return [];
    return [{ id: edge.id, sources: [outPort(source.id, outlet)], targets: [inPort(target.id)] }];
  });
  const laidOut = await new ELK().layout({
    id: "journey",
    layoutOptions: LAYOUT_OPTIONS,
    children: nodes.map(toElkNode),
    edges: elkEdges,
  });
  const left = Math.min(...nodes.map((n) => n.position.x));
  const top = Math.min(...nodes.map((n) => n.position.y));
  const children = laidOut.children ?? [];
  const minX = Math.min(...children.map((c) => c.x ?? 0));
  const minY = Math.min(...children.map((c) => c.y ?? 0));
  return new Map(
    children.map((c) => [c.id, { x: Math.round(left + (c.x ?? 0) - minX), y: Math.round(top + (c.y ?? 0) - minY) }]),
  );
}
