// What the canvas knows about one node kind (kinds/<kind>.tsx): its palette entry, colour,
// icon, card, summary line, outlets and inspector form. kinds/registry.ts lists them; the
// palette, node components, inspector, minimap and metrics canvas all read the registry.
import type { ComponentType } from "react";
import { NODE_KIND_LABELS, nodeOutlets, type NodeData, type NodeKind } from "@mailstream/journey/schema";

export type NodeDataOf<K extends NodeKind> = Extract<NodeData, { kind: K }>;

/** A template as the editor needs it: enough to name it in summaries and selects. */
export interface TemplateOption {
  id: string;
  name: string;
  subject?: string;
}

/** One source handle of a node: `id` is the edge's `sourceHandle` (null for the single unnamed outlet). */
export interface Outlet {
  id: string | null;
  label: string;
}

export interface KindFormProps<K extends NodeKind> {
  data: NodeDataOf<K>;
  onChange: (data: NodeDataOf<K>) => void;
}

export interface CanvasKind<K extends NodeKind> {
  kind: K;
  /** The journey kind's label (`NODE_KIND_LABELS`): palette, card and inspector title. */
  title: string;
  /** Shown under the palette item. */
  description: string;
  /** Accent used for the node's strip, icon, palette swatch and minimap dot. */
  color: string;
  /** Stroked SVG path data on a 24×24 grid, drawn by KindIcon. */
  icon: readonly string[];
  /** Card width on the canvas, in px; click-to-add centres a new step under its parent with it. */
  width: number;
  /** Whether edges may lead into the node (false for the trigger). */
  hasTarget: boolean;
  /** Whether the node has outlets at all (false for the exit). */
  hasSource: boolean;
  /** A journey holds at most one (the trigger): the palette disables the kind once one is drawn. */
  isOnePerJourney?: boolean;
  /** A short tag beside the card title, e.g. "Start". */
  tag?: string;
  /** The config a node dropped from the palette starts with. */
  createData(): NodeDataOf<K>;
  /** The card's one-line summary. */
  summarize(data: NodeDataOf<K>, templates: ReadonlyMap<string, TemplateOption>): string;
  /** The outlets the card draws, in order; the journey kind's outlets, labelled, unless the kind names them itself. */
  outlets(data: NodeDataOf<K>): Outlet[];
  /** Extra lines on the card under the summary (the email's subject); given what `summarize` is. */
  Detail?: ComponentType<{ data: NodeDataOf<K>; templates: ReadonlyMap<string, TemplateOption> }>;
  /** The inspector's form for the selected node. */
  Form: ComponentType<KindFormProps<K>>;
}

type Defaulted = "title" | "width" | "hasTarget" | "hasSource" | "outlets";

/** A kind's definition with defaults: 240 px wide, a target and a source, the journey's outlets. */
export function defineCanvasKind<K extends NodeKind>(
  definition: Omit<CanvasKind<K>, Defaulted> & Partial<Omit<CanvasKind<K>, "title">>,
): CanvasKind<K> {
  return {
    title: NODE_KIND_LABELS[definition.kind],
    width: 240,
    hasTarget: true,
    hasSource: true,
    outlets: labelJourneyOutlets,
    ...definition,
  };
}

/** "timed_out" -> "Timed out": outlet ids are snake_case names from the schema. */
function formatOutletLabel(id: string): string {
  const words = id.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The journey kind's outlets for this config, labelled from their ids. */
export function labelJourneyOutlets(data: NodeData): Outlet[] {
  return nodeOutlets(data).map((id) => ({ id, label: id === null ? "" : formatOutletLabel(id) }));
}
