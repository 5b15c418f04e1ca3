// The canvas side of every journey node kind, one line each. Typed by the journey registry's
// kinds, so a journey kind without a canvas definition fails the typecheck here (and only
// here). Adding a kind: ARCHITECTURE.md, "How to add a step kind".
import { NODE_KINDS, type NodeData, type NodeKind } from "@mailstream/journey/schema";
import { branchCanvasKind } from "./branch";
import type { CanvasKind, Outlet, TemplateOption } from "./canvas-kind";
import { emailCanvasKind } from "./email";
import { exitCanvasKind } from "./exit";
import { noteCanvasKind } from "./note";
import { splitCanvasKind } from "./split";
import { triggerCanvasKind } from "./trigger";
import { updateContactCanvasKind } from "./update-contact";
import { waitCanvasKind } from "./wait";
import { webhookCanvasKind } from "./webhook";

const CANVAS_KINDS: { [K in NodeKind]: CanvasKind<K> } = {
  trigger: triggerCanvasKind,
  wait: waitCanvasKind,
  email: emailCanvasKind,
  branch: branchCanvasKind,
  split: splitCanvasKind,
  webhook: webhookCanvasKind,
  update_contact: updateContactCanvasKind,
  exit: exitCanvasKind,
  note: noteCanvasKind,
};

/** Palette order: the journey registry's order. */
export const PALETTE_KINDS: readonly NodeKind[] = NODE_KINDS;

export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === "string" && Object.hasOwn(CANVAS_KINDS, value);
}

export function getCanvasKind<K extends NodeKind>(kind: K): CanvasKind<K> {
  return CANVAS_KINDS[kind];
}

/**
 * The definition of `data`'s kind, typed for any node's data. Safe: `data.kind` selects the
 * entry whose functions and components take this data.
 */
export function canvasKindOf(data: NodeData): CanvasKind<NodeKind> {
  return CANVAS_KINDS[data.kind] as CanvasKind<NodeKind>;
}

/** One entry per kind, all drawn by `component` (it reads the kind from the node's data). */
export function nodeTypesOf<C>(component: C): Record<NodeKind, C> {
  return Object.fromEntries(NODE_KINDS.map((kind) => [kind, component])) as Record<NodeKind, C>;
}

export function summarizeNode(data: NodeData, templates: ReadonlyMap<string, TemplateOption>): string {
  return canvasKindOf(data).summarize(data, templates);
}

/**
 * Why a step of `kind` cannot be added beside `nodes`, or null. A second trigger would start
 * the journey twice (validation flags both), so the palette and drops refuse it up front.
 */
export function addRefusal(kind: NodeKind, nodes: readonly { data: NodeData }[]): string | null {
  if (getCanvasKind(kind).isOnePerJourney && nodes.some((node) => node.data.kind === kind)) {
    return "One per journey: already added";
  }
  return null;
}

/** The outlets a node draws, in order. */
export function getOutlets(data: NodeData): Outlet[] {
  return canvasKindOf(data).outlets(data);
}
