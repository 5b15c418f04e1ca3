// "Tidy up": lays the whole drawing out top-down with ELK's layered algorithm — steps in
// rows by depth, each node's outlets kept in their card order (yes left of no), lanes
// reserved between and through rows so edges never cross a step. ELK's edge routes are
// kept (the canvas draws them while both ends stay where ELK put them). Runs only when
// asked (the canvas never moves nodes by itself); the store applies it as one undo step.
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

export interface DrawingLayout {
  positions: Map<string, Position>;
  /** Each edge's path as ELK routed it, from its outlet to its target's inlet. */
  routes: Map<string, Position[]>;
}

/** Ports where the card draws its handles: the inlet mid-top, outlets spread along the bottom. */
function toElkNode(node: JourneyFlowNode): ElkNode {
  const { width, height } = boxOf(node);
  const outlets = getOutlets(node.data);
  const side = (name: string) => ({ "elk.port.side": name });
  const ports = [
    ...(getCanvasKind(node.data.kind).hasTarget
      ? [{ id: inPort(node.id), x: width / 2, y: 0, width: 0, height: 0, layoutOptions: side("NORTH") }]
      : []),
    ...outlets.map((outlet, index) => ({
      id: outPort(node.id, outlet.id),
      x: ((index + 1) / (outlets.length + 1)) * width,
      y: height,
      width: 0,
      height: 0,
      layoutOptions: side("SOUTH"),
    })),
  ];
  return { id: node.id, width, height, ports, layoutOptions: { "elk.portConstraints": "FIXED_POS" } };
}

/**
 * New positions for every node (and routes for the edges), laid out by ELK and shifted so the
 * drawing keeps its top-left corner (the view does not jump). Edges to or from unknown nodes
 * or outlets are ignored.
 */
export async function layoutDrawing(
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
): Promise<DrawingLayout> {
  if (nodes.length === 0) return { positions: new Map(), routes: new Map() };
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
  // Whole pixels, as the drawing stores them; the routes move with their nodes.
  const dx = Math.round(left - minX);
  const dy = Math.round(top - minY);
  const shift = (p: { x: number; y: number }): Position => ({ x: p.x + dx, y: p.y + dy });
  const positions = new Map(
    children.map((c) => [c.id, { x: Math.round((c.x ?? 0) + dx), y: Math.round((c.y ?? 0) + dy) }]),
  );
  const routes = new Map<string, Position[]>();
  for (const edge of (laidOut.edges ?? []) as ElkExtendedEdge[]) {
    const section = edge.sections?.[0];
    if (section) routes.set(edge.id, [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(shift));
  }
  return { positions, routes };
}
