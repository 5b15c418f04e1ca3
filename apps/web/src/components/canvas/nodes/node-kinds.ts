// What the editor knows about each journey node kind: its name, colour, handles,
// default config and one-line summary. Keyed by the schema's kinds so adding a kind to
// `@mailstream/journey/schema` fails the typecheck here until the canvas supports it.
import {
  BRANCH_ELSE_OUTLET,
  NODE_KIND_LABELS,
  NODE_KINDS,
  nodeOutlets,
  type NodeData,
  type NodeKind,
} from "@mailstream/journey/schema";
import {
  summarizeBranch,
  summarizeSplit,
  summarizeUpdateContact,
  summarizeWait,
  summarizeWebhook,
} from "./node-summaries";

export type NodeDataOf<K extends NodeKind> = Extract<NodeData, { kind: K }>;

/** A template as the editor needs it: enough to name it in summaries and selects. */
export interface TemplateOption {
  id: string;
  name: string;
  subject?: string;
}

interface NodeKindInfo<K extends NodeKind> {
  kind: K;
  title: string;
  /** Shown under the palette item. */
  description: string;
  /** Accent used for the node's strip, icon and palette swatch. */
  color: string;
  /** Card width on the canvas, in px; click-to-add centres a new step under its parent with it. */
  width: number;
  hasTarget: boolean;
  hasSource: boolean;
  createData(): NodeDataOf<K>;
  summarize(data: NodeDataOf<K>, templates: ReadonlyMap<string, TemplateOption>): string;
}

type NodeKindRegistry = { [K in NodeKind]: NodeKindInfo<K> };

const NODE_KIND_INFO: NodeKindRegistry = {
  trigger: {
    kind: "trigger",
    title: NODE_KIND_LABELS.trigger,
    description: "When an event arrives",
    color: "#7c3aed",
    width: 240,
    hasTarget: false,
    hasSource: true,
    createData: () => ({ kind: "trigger", event: "", filters: [] }),
    summarize: (data) => {
      if (data.source === "segment") return data.segmentId ? "When a contact enters a segment" : "Choose a segment";
      if (!data.event.trim()) return "Choose an event";
      const filters = data.filters.length;
      return filters === 0 ? `When ${data.event}` : `When ${data.event} · ${filters} filter${filters === 1 ? "" : "s"}`;
    },
  },
  wait: {
    kind: "wait",
    title: NODE_KIND_LABELS.wait,
    description: "Pause for a while",
    color: "#d97706",
    width: 240,
    hasTarget: true,
    hasSource: true,
    createData: () => ({ kind: "wait", duration: { amount: 1, unit: "days" } }),
    summarize: (data) => summarizeWait(data),
  },
  email: {
    kind: "email",
    title: NODE_KIND_LABELS.email,
    description: "Send a template",
    color: "#2563eb",
    width: 240,
    hasTarget: true,
    hasSource: true,
    createData: () => ({ kind: "email", templateId: null }),
    summarize: (data, templates) => {
      if (data.templateId === null) return "Choose a template";
      const template = templates.get(data.templateId);
      return template ? `Send "${template.name}"` : "Send (template not found)";
    },
  },
  branch: {
    kind: "branch",
    title: NODE_KIND_LABELS.branch,
    description: "Yes / no on a condition",
    color: "#0d9488",
    width: 260,
    hasTarget: true,
    hasSource: true,
    createData: () => ({
      kind: "branch",
      condition: { match: "all", groups: [{ match: "all", predicates: [{ type: "trait", path: "", op: "eq" }] }] },
    }),
    summarize: summarizeBranch,
  },
  split: {
    kind: "split",
    title: NODE_KIND_LABELS.split,
    description: "A/B test with weights",
    color: "#db2777",
    width: 280,
    hasTarget: true,
    hasSource: true,
    createData: () => ({
      kind: "split",
      variants: [
        { id: "a", name: "A", weight: 50 },
        { id: "b", name: "B", weight: 50 },
      ],
      holdoutPercent: 0,
    }),
    summarize: summarizeSplit,
  },
  webhook: {
    kind: "webhook",
    title: NODE_KIND_LABELS.webhook,
    description: "Call an HTTP endpoint",
    color: "#0891b2",
    width: 240,
    hasTarget: true,
    hasSource: true,
    createData: () => ({ kind: "webhook", method: "POST", url: "", headers: [], body: "" }),
    summarize: summarizeWebhook,
  },
  update_contact: {
    kind: "update_contact",
    title: NODE_KIND_LABELS.update_contact,
    description: "Set or unset traits",
    color: "#65a30d",
    width: 240,
    hasTarget: true,
    hasSource: true,
    createData: () => ({ kind: "update_contact", updates: [] }),
    summarize: summarizeUpdateContact,
  },
  exit: {
    kind: "exit",
    title: NODE_KIND_LABELS.exit,
    description: "End the journey",
    color: "#475569",
    width: 240,
    hasTarget: true,
    hasSource: false,
    createData: () => ({ kind: "exit" }),
    summarize: () => "End of journey",
  },
};

/** Palette order: the order of the schema. */
export const PALETTE_KINDS: readonly NodeKind[] = NODE_KINDS;

export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === "string" && (NODE_KINDS as readonly string[]).includes(value);
}

export function getKindInfo<K extends NodeKind>(kind: K): NodeKindInfo<K> {
  return NODE_KIND_INFO[kind] as NodeKindInfo<K>;
}

export function summarizeNode(data: NodeData, templates: ReadonlyMap<string, TemplateOption>): string {
  // The cast is safe: `data.kind` selects the entry whose summarize accepts this data.
  const info = NODE_KIND_INFO[data.kind] as NodeKindInfo<NodeKind>;
  return info.summarize(data as never, templates);
}

/** One source handle of a node: `id` is the edge's `sourceHandle` (null for the single unnamed outlet). */
export interface Outlet {
  id: string | null;
  label: string;
}

/** "timed_out" -> "Timed out": outlet ids are snake_case names from the schema. */
function formatOutletLabel(id: string): string {
  const words = id.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The outlets a node draws, in order. Most kinds have fixed outlets from the schema; a
 * split's outlets are its variants, so they come from the node's data.
 */
export function getOutlets(data: NodeData): Outlet[] {
  if (data.kind === "split") {
    return data.variants.map((v) => ({ id: v.id, label: `${v.name || v.id} ${v.weight}%` }));
  }
  if (data.kind === "branch" && data.cases && data.cases.length > 0) {
    return [...data.cases.map((c) => ({ id: c.id, label: c.name.trim() || c.id })), { id: BRANCH_ELSE_OUTLET, label: "Else" }];
  }
  return nodeOutlets(data).map((id) => ({ id, label: id === null ? "" : formatOutletLabel(id) }));
}

/** The outlet click-to-add wires a new step into: the first one. */
export function getFirstOutlet(data: NodeData): string | null | undefined {
  return getOutlets(data)[0]?.id;
}
