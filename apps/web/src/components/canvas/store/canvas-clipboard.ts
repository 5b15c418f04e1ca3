// Copy, paste and duplicate of canvas steps. The clipboard carries a small versioned JSON
// document (steps with their settings and the edges between them), so steps copied in one
// journey paste into another — and anything read back from the system clipboard is hostile
// text, parsed with the journey package's own schemas before it touches the drawing.
import { z } from "zod";
import {
  nodeOutlets,
  ZJourneyEdgeSchema,
  ZJourneyNodeSchema,
  type JourneyEdge,
  type JourneyNode,
} from "@mailstream/journey/schema";
import { addRefusal, getCanvasKind } from "@/components/canvas/kinds/registry";
import type { JourneyFlowEdge, JourneyFlowNode, Position } from "./canvas-state";
import { connectOutlet, createNodeId } from "./flow-adapter";
import { boxOf, findFreeOffset } from "./placement";

export const CLIPBOARD_FORMAT = "mailstream/journey-steps";
export const CLIPBOARD_VERSION = 1;
/** Caps on what a paste may bring in: far above any real selection, low enough to stay quick. */
const MAX_TEXT_LENGTH = 512 * 1024;
const MAX_STEPS = 200;
const MAX_COORDINATE = 1_000_000;

export interface ClipboardSteps {
  nodes: JourneyNode[];
  edges: JourneyEdge[];
}

const ZCoordinate = z.number().min(-MAX_COORDINATE).max(MAX_COORDINATE);
const ZClipboardSchema = z.object({
  format: z.literal(CLIPBOARD_FORMAT),
  version: z.literal(CLIPBOARD_VERSION),
  nodes: z
    .array(ZJourneyNodeSchema.extend({ position: z.object({ x: ZCoordinate, y: ZCoordinate }) }))
    .min(1)
    .max(MAX_STEPS),
  edges: z.array(ZJourneyEdgeSchema).max(MAX_STEPS * 4),
});

/** The selected steps and the edges among them, as clipboard text; null with nothing selected. */
export function copySteps(nodes: readonly JourneyFlowNode[], edges: readonly JourneyFlowEdge[]): string | null {
  const steps = selectedSteps(nodes, edges);
  if (!steps) return null;
  return JSON.stringify({ format: CLIPBOARD_FORMAT, version: CLIPBOARD_VERSION, ...steps });
}

/** The selected steps and the edges among them; null with nothing selected. */
export function selectedSteps(
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
): ClipboardSteps | null {
  const picked = nodes.filter((n) => n.selected);
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: picked.map((n) => ({
      id: n.id,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      data: n.data,
    })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? null })),
  };
}

/**
 * Reads clipboard text as copied steps. Anything else — other apps' text, an old or future
 * format, a tampered payload (unknown kinds, edges to nowhere or from outlets a step does not
 * have, repeated ids, absurd sizes) — is refused whole: null.
 */
export function parseClipboard(text: string): ClipboardSteps | null {
  if (text.length === 0 || text.length > MAX_TEXT_LENGTH) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ZClipboardSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { nodes, edges } = parsed.data;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  if (byId.size !== nodes.length) return null;
  const edgesMakeSense = edges.every((e) => {
    const source = byId.get(e.source);
    const target = byId.get(e.target);
    return (
      source !== undefined &&
      target !== undefined &&
      e.source !== e.target &&
      getCanvasKind(target.data.kind).hasTarget &&
      nodeOutlets(source.data).includes(e.sourceHandle)
    );
  });
  return edgesMakeSense ? { nodes, edges } : null;
}

/**
 * Adds copied steps to the drawing with fresh ids and the edges among them, placed as a group
 * at the free spot nearest `at` (the group's top-left; default: where they were copied from).
 * A step the palette would refuse (`addRefusal`: a second trigger, as a journey starts once)
 * is left out, so is one of two such steps pasted together. The pasted steps become the
 * selection. Returns null when nothing is left to paste.
 */
export function pasteSteps(
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
  steps: ClipboardSteps,
  at?: Position,
): { nodes: JourneyFlowNode[]; edges: JourneyFlowEdge[]; pastedIds: string[] } | null {
  const kept: JourneyNode[] = [];
  for (const node of steps.nodes) {
    if (addRefusal(node.data.kind, [...nodes, ...kept]) === null) kept.push(node);
  }
  if (kept.length === 0) return null;

  const left = Math.min(...kept.map((n) => n.position.x));
  const top = Math.min(...kept.map((n) => n.position.y));
  const shift = at ? { x: Math.round(at.x - left), y: Math.round(at.y - top) } : { x: 0, y: 0 };
  const newIds = new Map(kept.map((n) => [n.id, createNodeId(n.data.kind)]));
  const incoming: JourneyFlowNode[] = kept.map((n) => ({
    id: newIds.get(n.id) ?? createNodeId(n.data.kind),
    type: n.data.kind,
    position: { x: n.position.x + shift.x, y: n.position.y + shift.y },
    data: n.data,
    selected: true,
  }));
  const offset = findFreeOffset(incoming.map(boxOf), nodes.map(boxOf));
  const placed = incoming.map((n) => ({ ...n, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } }));

  let nextEdges = [...edges];
  for (const edge of steps.edges) {
    const source = newIds.get(edge.source);
    const target = newIds.get(edge.target);
    if (source && target) nextEdges = connectOutlet(nextEdges, { source, target, sourceHandle: edge.sourceHandle });
  }
  return {
    nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...placed],
    edges: nextEdges.map((e) => (e.selected ? { ...e, selected: false } : e)),
    pastedIds: placed.map((n) => n.id),
  };
}
