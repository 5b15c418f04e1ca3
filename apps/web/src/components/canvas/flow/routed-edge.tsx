"use client";
// The editor's edge: after a Tidy up it follows the route ELK laid out (round the steps, never
// across one); once either end moves away from where ELK put it, it is React Flow's smooth
// step again. The route lives on the edge's `data` and is never saved with the graph.
import { BaseEdge, SmoothStepEdge, type EdgeProps } from "@xyflow/react";
import type { Position } from "@/components/canvas/store/canvas-state";

/** How far (px) an end may sit from the routed one and still count as unmoved (handle size). */
const END_TOLERANCE = 12;
const CORNER_RADIUS = 8;

function readRoute(data: Record<string, unknown> | undefined): readonly Position[] | null {
  const route = data?.route;
  return Array.isArray(route) && route.length >= 2 ? (route as Position[]) : null;
}

const isNear = (p: Position | undefined, x: number, y: number) =>
  p !== undefined && Math.abs(p.x - x) <= END_TOLERANCE && Math.abs(p.y - y) <= END_TOLERANCE;

/** An orthogonal polyline with its corners rounded, as an SVG path. */
function roundedPath(points: readonly Position[]): string {
  const [first, ...rest] = points;
  if (!first) return "";
  let path = `M ${first.x} ${first.y}`;
  rest.forEach((corner, i) => {
    const prev = points[i] as Position;
    const next = rest[i + 1];
    if (!next) {
      path += ` L ${corner.x} ${corner.y}`;
      return;
    }
    const r = Math.min(
      CORNER_RADIUS,
      Math.hypot(corner.x - prev.x, corner.y - prev.y) / 2,
      Math.hypot(next.x - corner.x, next.y - corner.y) / 2,
    );
    const towards = (from: Position, to: Position) => {
      const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
      return { x: from.x + ((to.x - from.x) / length) * r, y: from.y + ((to.y - from.y) / length) * r };
    };
    const a = towards(corner, prev);
    const b = towards(corner, next);
    path += ` L ${a.x} ${a.y} Q ${corner.x} ${corner.y} ${b.x} ${b.y}`;
  });
  return path;
}

export function RoutedEdge(props: EdgeProps) {
  const { sourceX, sourceY, targetX, targetY } = props;
  const route = readRoute(props.data);
  if (!route || !isNear(route[0], sourceX, sourceY) || !isNear(route.at(-1), targetX, targetY)) {
    return <SmoothStepEdge {...props} />;
  }
  // The ends are the handles' exact points; the bends next to them keep their lines straight.
  const bends = route.slice(1, -1).map((p) => ({ ...p }));
  const firstBend = bends[0];
  const lastBend = bends.at(-1);
  if (firstBend && firstBend.x === route[0]?.x) firstBend.x = sourceX;
  if (lastBend && lastBend.x === route.at(-1)?.x) lastBend.x = targetX;
  const points = [{ x: sourceX, y: sourceY }, ...bends, { x: targetX, y: targetY }];
  return (
    <BaseEdge
      id={props.id}
      path={roundedPath(points)}
      markerEnd={props.markerEnd}
      markerStart={props.markerStart}
      style={props.style}
      interactionWidth={props.interactionWidth}
    />
  );
}

/** Edge types of the editor canvas: every edge is drawn by RoutedEdge. */
export const editorEdgeTypes = { smoothstep: RoutedEdge };
