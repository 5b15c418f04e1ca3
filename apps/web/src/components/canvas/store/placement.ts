// Where new steps go: the free spot nearest to where they were asked for. Nodes already on
// the canvas are obstacles and never move; only the incoming node (or pasted group) is placed.
import type { JourneyFlowNode, Position } from "./canvas-state";
import { getCanvasKind } from "@/components/canvas/kinds/registry";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A card's height before React Flow has measured it (most cards are 64–110 px tall). */
const UNMEASURED_HEIGHT = 90;
/** Clear space kept around every card, so placed cards and their edges stay readable. */
const GAP = 24;
/** Search grid: candidate offsets are multiples of this (the canvas snaps to 10 px). */
const STEP = 20;
/** Rings searched around the wanted spot before falling back to "below everything". */
const MAX_RINGS = 60;

export function boxOf(node: Pick<JourneyFlowNode, "position" | "measured" | "data">): Box {
  return {
    x: node.position.x,
    y: node.position.y,
    width: node.measured?.width ?? getCanvasKind(node.data.kind).width,
    height: node.measured?.height ?? UNMEASURED_HEIGHT,
  };
}

function overlaps(a: Box, b: Box): boolean {
  return (
    a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP
  );
}

function isFree(moving: readonly Box[], dx: number, dy: number, obstacles: readonly Box[]): boolean {
  return moving.every((box) => {
    const moved = { ...box, x: box.x + dx, y: box.y + dy };
    return obstacles.every((o) => !overlaps(moved, o));
  });
}

/**
 * The smallest shift (nearest first, ties broken downwards then rightwards) that puts every
 * box of `moving` clear of every obstacle. Falls back to a shift below all obstacles, which
 * is always free.
 */
export function findFreeOffset(moving: readonly Box[], obstacles: readonly Box[]): Position {
  if (moving.length === 0 || isFree(moving, 0, 0, obstacles)) return { x: 0, y: 0 };
  for (let ring = 1; ring <= MAX_RINGS; ring++) {
    const candidates: Position[] = [];
    for (let i = -ring; i <= ring; i++) {
      candidates.push({ x: i, y: ring }, { x: i, y: -ring });
      if (i !== -ring && i !== ring) candidates.push({ x: ring, y: i }, { x: -ring, y: i });
    }
    candidates.sort((a, b) => a.x * a.x + a.y * a.y - (b.x * b.x + b.y * b.y) || b.y - a.y || b.x - a.x);
    const free = candidates.find((c) => isFree(moving, c.x * STEP, c.y * STEP, obstacles));
    if (free) return { x: free.x * STEP, y: free.y * STEP };
  }
  const top = Math.min(...moving.map((b) => b.y));
  const bottom = Math.max(...obstacles.map((o) => o.y + o.height));
  return { x: 0, y: bottom + GAP * 2 - top };
}

/** `node` moved to the free spot nearest its own position among `others`. */
export function placeClear(node: JourneyFlowNode, others: readonly JourneyFlowNode[]): JourneyFlowNode {
  const offset = findFreeOffset([boxOf(node)], others.map(boxOf));
  return offset.x === 0 && offset.y === 0
    ? node
    : { ...node, position: { x: node.position.x + offset.x, y: node.position.y + offset.y } };
}
