// The canvas store: one zustand store per editor instance holding the drawing (React Flow
// nodes and edges, journey settings), the side-panel choice, what the page supplies
// (templates, segments, a rejected publish) and everything derived from them. Components
// read it through `useCanvasStore(selector)` and change it only through the named actions
// here, which all pass through `commit`.
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { JourneyGraph, JourneyNode, JourneySettings, NodeData, NodeKind } from "@mailstream/journey/schema";
import type { TemplateOption } from "@/components/canvas/kinds/canvas-kind";
import type { SegmentOption } from "@/components/canvas/inspector/fields/trigger-source-fields";
import {
  collectIssues,
  findEntryKey,
  groupIssuesByNode,
  labelNodes,
  listStepNodes,
  type CanvasIssue,
  type StepNodeOption,
} from "./canvas-issues";
import {
  appendNode,
  connectOutlet,
  createFlowNode,
  dropOrphanOutletEdges,
  findLowestNode,
  graphKey,
  removeNodesAndBridge,
  toFlowEdges,
  toFlowNodes,
  toJourneyGraph,
  type JourneyFlowEdge,
  type JourneyFlowNode,
  type Position,
} from "./flow-adapter";

export type SidePanel = "inspector" | "settings";

/** The issues a rejected publish returned, valid only for the exact graph that was sent. */
export interface PublishRejection {
  key: string;
  issues: CanvasIssue[];
}

/** What actions write. `graph` and the other derived fields are worked out from these. */
export interface CanvasDocument {
  nodes: JourneyFlowNode[];
  edges: JourneyFlowEdge[];
  /** Absent until first edited, so an old draft stays byte-equal. */
  settings: JourneySettings | undefined;
  panel: SidePanel;
  /** Undefined while loading. */
  templates: readonly TemplateOption[] | undefined;
  /** Undefined while loading. */
  segments: readonly SegmentOption[] | undefined;
  publishRejection: PublishRejection | null;
}

export interface CanvasDerived {
  /** The drawing as a journey graph; a new object only when the graph really changed. */
  graph: JourneyGraph;
  /** `graphKey(graph)`: for dirty checks and matching a publish rejection. */
  graphKey: string;
  selectedNode: JourneyNode | null;
  templatesById: ReadonlyMap<string, TemplateOption>;
  issues: readonly CanvasIssue[];
  issuesByNode: ReadonlyMap<string, readonly CanvasIssue[]>;
  /** Problems that belong to no node (goal, exit criteria, time zone…). */
  journeyIssues: readonly CanvasIssue[];
  nodeLabels: ReadonlyMap<string, string>;
  stepNodes: readonly StepNodeOption[];
  entryKey: string | undefined;
}

export interface CanvasActions {
  // React Flow's own edits (drag, select, measure, keyboard delete, drawn edges).
  applyNodeChanges(changes: NodeChange<JourneyFlowNode>[]): void;
  applyEdgeChanges(changes: EdgeChange<JourneyFlowEdge>[]): void;
  connect(connection: Connection): void;
  /**
   * A keyboard delete, as one edit: removes the nodes and edges and bridges each removed
   * node's parent to its child (React Flow would report them as separate removals).
   */
  deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  // The editor's edits.
  selectNode(id: string | null): void;
  /** Adds an unconnected node at a canvas position (drag and drop). Returns its id. */
  addNodeAt(kind: NodeKind, position: Position): string;
  /**
   * Click-to-add: below the selected node (else the lowest one) and wired to it; on an
   * empty canvas at `emptyCanvasPosition`. The new node becomes the selection. Returns its id.
   */
  addNodeAfterSelection(kind: NodeKind, emptyCanvasPosition: Position): string;
  updateNodeData(id: string, data: NodeData): void;
  removeNode(id: string): void;
  updateSettings(settings: JourneySettings): void;
  /** Replaces the drawing, e.g. after loading a journey. */
  resetGraph(graph: JourneyGraph): void;
  showPanel(panel: SidePanel): void;
  /** Opens the journey settings (clearing the selection), or closes them again. */
  toggleSettings(): void;
  // What the page supplies.
  setCatalog(catalog: { templates: readonly TemplateOption[] | undefined; segments: readonly SegmentOption[] | undefined }): void;
  setPublishRejection(rejection: PublishRejection | null): void;
}

export type CanvasState = CanvasDocument & CanvasDerived & { actions: CanvasActions };
export type CanvasStore = StoreApi<CanvasState>;
export type CanvasActionName = keyof CanvasActions;

export interface CanvasStoreOptions {
  graph: JourneyGraph;
  templates?: readonly TemplateOption[] | undefined;
  segments?: readonly SegmentOption[] | undefined;
  /** A read-only view (the metrics canvas) shows no validation issues. */
  isReadOnly?: boolean;
}

function withSelection(nodes: JourneyFlowNode[], selectedId: string | null): JourneyFlowNode[] {
  return nodes.map((n) => {
    const selected = n.id === selectedId;
    return n.selected === selected ? n : { ...n, selected };
  });
}

/**
 * Works out the derived fields after a change, reusing the previous values whose inputs did
 * not change: React Flow rewrites `nodes` on every drag frame, measurement and selection,
 * and keying on the serialised graph keeps validation to real edits.
 */
function derive(
  doc: CanvasDocument,
  prev: (CanvasDocument & CanvasDerived) | undefined,
  isReadOnly: boolean,
): CanvasDerived & Pick<CanvasDocument, "panel"> {
  const drawn = toJourneyGraph(doc.nodes, doc.edges);
  const key = graphKey(doc.settings ? { ...drawn, settings: doc.settings } : drawn);
  const graph = prev?.graphKey === key ? prev.graph : (JSON.parse(key) as JourneyGraph);
  const templatesById =
    prev && prev.templates === doc.templates ? prev.templatesById : new Map((doc.templates ?? []).map((t) => [t.id, t]));

  const selectedId = doc.nodes.find((n) => n.selected)?.id ?? null;
  const prevSelectedId = prev?.selectedNode?.id ?? null;
  const selectedNode =
    prev && prev.graph === graph && prevSelectedId === selectedId
      ? prev.selectedNode
      : (graph.nodes.find((n) => n.id === selectedId) ?? null);
  // Picking a step on the canvas brings its inspector back.
  const panel = selectedId !== null && selectedId !== prevSelectedId ? "inspector" : doc.panel;

  const rejected = rejectedIssues(doc.publishRejection, key);
  const isIssuesFresh =
    prev !== undefined &&
    prev.graph === graph &&
    prev.templates === doc.templates &&
    prev.segments === doc.segments &&
    rejectedIssues(prev.publishRejection, prev.graphKey) === rejected;
  if (prev && isIssuesFresh) return { ...pickDerived(prev), graph, graphKey: key, selectedNode, templatesById, panel };

  const issues = isReadOnly ? NO_ISSUES : collectIssues(graph, doc.templates, doc.segments, rejected);
  const nodeLabels = labelNodes(graph, templatesById);
  return {
    graph,
    graphKey: key,
    selectedNode,
    templatesById,
    issues,
    issuesByNode: groupIssuesByNode(issues),
    journeyIssues: issues.filter((issue) => !issue.nodeId),
    nodeLabels,
    stepNodes: listStepNodes(graph, nodeLabels),
    entryKey: findEntryKey(graph),
    panel,
  };
}

const NO_ISSUES: readonly CanvasIssue[] = [];

function rejectedIssues(rejection: PublishRejection | null, key: string): readonly CanvasIssue[] {
  return rejection?.key === key ? rejection.issues : NO_ISSUES;
}

export function createCanvasStore(options: CanvasStoreOptions): CanvasStore {
  const isReadOnly = options.isReadOnly ?? false;
  return createStore<CanvasState>()((set) => {
    /**
     * THE one place every state change passes: each action names itself and returns the
     * document fields it changes; derived fields are recomputed here.
     *
     * Undo/redo plugs in here. A history middleware (or a few lines in this function) can
     * record `{ action, before, after }` document snapshots whenever `graphKey` changes —
     * selection, measurement and panel changes leave it unchanged and so stay out of the
     * history — and restore a snapshot through the same `set`.
     */
    const commit = (action: CanvasActionName, recipe: (state: CanvasState) => Partial<CanvasDocument>) => {
      set((state) => {
        const doc: CanvasDocument = { ...documentOf(state), ...recipe(state) };
        return { ...doc, ...derive(doc, state, isReadOnly) };
      });
    };

    const actions: CanvasActions = {
      applyNodeChanges: (changes) =>
        commit("applyNodeChanges", (s) => ({ nodes: applyNodeChanges(changes, s.nodes) })),
      applyEdgeChanges: (changes) =>
        commit("applyEdgeChanges", (s) => ({ edges: applyEdgeChanges(changes, s.edges) })),
      connect: (connection) => commit("connect", (s) => ({ edges: connectOutlet(s.edges, connection) })),
      deleteElements: (nodeIds, edgeIds) => commit("deleteElements", (s) => withoutElements(s, nodeIds, edgeIds)),
      selectNode: (id) =>
        commit("selectNode", (s) => ({
          nodes: withSelection(s.nodes, id),
          // Selecting a node from outside the canvas should not leave an edge highlighted.
          edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        })),
      addNodeAt: (kind, position) => {
        const node = createFlowNode(kind, position);
        commit("addNodeAt", (s) => ({ nodes: [...withSelection(s.nodes, null), { ...node, selected: true }] }));
        return node.id;
      },
      addNodeAfterSelection: (kind, emptyCanvasPosition) => {
        const node = { ...createFlowNode(kind, emptyCanvasPosition), selected: true };
        commit("addNodeAfterSelection", (s) => {
          const after = s.nodes.find((n) => n.selected) ?? findLowestNode(s.nodes);
          const next = after ? appendNode(s.nodes, s.edges, after.id, node) : null;
          if (!next) return { nodes: [...withSelection(s.nodes, null), node] };
          return { nodes: [...withSelection(next.nodes.slice(0, -1), null), ...next.nodes.slice(-1)], edges: next.edges };
        });
        return node.id;
      },
      updateNodeData: (id, data) =>
        commit("updateNodeData", (s) => {
          const kept = dropOrphanOutletEdges(s.edges, id, data);
          return {
            nodes: s.nodes.map((n) => (n.id === id ? { ...n, type: data.kind, data } : n)),
            edges: kept.length === s.edges.length ? s.edges : kept,
          };
        }),
      removeNode: (id) => commit("removeNode", (s) => withoutElements(s, [id], [])),
      updateSettings: (settings) => commit("updateSettings", () => ({ settings })),
      resetGraph: (graph) =>
        commit("resetGraph", () => ({ nodes: toFlowNodes(graph), edges: toFlowEdges(graph), settings: graph.settings })),
      showPanel: (panel) => commit("showPanel", () => ({ panel })),
      toggleSettings: () =>
        commit("toggleSettings", (s) =>
          s.panel === "settings"
            ? { panel: "inspector" }
            : { panel: "settings", nodes: withSelection(s.nodes, null), edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)) },
        ),
      setCatalog: ({ templates, segments }) => commit("setCatalog", () => ({ templates, segments })),
      setPublishRejection: (publishRejection) => commit("setPublishRejection", () => ({ publishRejection })),
    };

    const doc: CanvasDocument = {
      nodes: toFlowNodes(options.graph),
      edges: toFlowEdges(options.graph),
      settings: options.graph.settings,
      panel: "inspector",
      templates: options.templates,
      segments: options.segments,
      publishRejection: null,
    };
    return { ...doc, ...derive(doc, undefined, isReadOnly), actions };
  });
}

/** The drawing without the given nodes and edges, the journey bridged over each removed node. */
function withoutElements(
  state: CanvasDocument,
  nodeIds: readonly string[],
  edgeIds: readonly string[],
): Pick<CanvasDocument, "nodes" | "edges"> {
  const removed = new Set(nodeIds);
  const removedEdges = new Set(edgeIds);
  // React Flow lists the edges touching a deleted node too; those are what the bridge is worked
  // out from, so only edges deleted on their own are dropped up front.
  const touchesRemoved = (e: JourneyFlowEdge) => removed.has(e.source) || removed.has(e.target);
  const kept = removeNodesAndBridge(
    state.edges.filter((e) => !removedEdges.has(e.id) || touchesRemoved(e)),
    removed,
  );
  return { nodes: state.nodes.filter((n) => !removed.has(n.id)), edges: kept };
}

function documentOf(state: CanvasState): CanvasDocument {
  const { nodes, edges, settings, panel, templates, segments, publishRejection } = state;
  return { nodes, edges, settings, panel, templates, segments, publishRejection };
}

function pickDerived(state: CanvasDerived): CanvasDerived {
  const { graph, graphKey, selectedNode, templatesById, issues, issuesByNode, journeyIssues, nodeLabels, stepNodes, entryKey } =
    state;
  return { graph, graphKey, selectedNode, templatesById, issues, issuesByNode, journeyIssues, nodeLabels, stepNodes, entryKey };
}
