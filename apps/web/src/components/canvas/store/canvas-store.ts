// The canvas store: one zustand store per editor instance holding the drawing (React Flow
// nodes and edges, journey settings), the side-panel choice, what the page supplies
// (templates, segments, a rejected publish) and everything derived from them. Components
// read it through `useCanvasStore(selector)` and change it only through the named actions
// here, which all pass through `commit`.
import { applyEdgeChanges, applyNodeChanges } from "@xyflow/react";
import { createStore } from "zustand/vanilla";
import type { JourneyGraph } from "@mailstream/journey/schema";
import type {
  CanvasActionName,
  CanvasActions,
  CanvasDerived,
  CanvasDocument,
  CanvasState,
  CanvasStore,
  CanvasStoreOptions,
  JourneyFlowEdge,
  JourneyFlowNode,
  PublishRejection,
} from "./canvas-state";
import type { CanvasIssue } from "./issue-text";
import { collectIssues, findEntryKey, groupIssuesByNode, labelNodes, listStepNodes } from "./canvas-issues";
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
} from "./flow-adapter";

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
    prev && prev.templates === doc.templates
      ? prev.templatesById
      : new Map((doc.templates ?? []).map((t) => [t.id, t]));

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
      applyNodeChanges: (changes) => commit("applyNodeChanges", (s) => ({ nodes: applyNodeChanges(changes, s.nodes) })),
      applyEdgeChanges: (changes) => commit("applyEdgeChanges", (s) => ({ edges: applyEdgeChanges(changes, s.edges) })),
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
          return {
            nodes: [...withSelection(next.nodes.slice(0, -1), null), ...next.nodes.slice(-1)],
            edges: next.edges,
          };
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
        commit("resetGraph", () => ({
          nodes: toFlowNodes(graph),
          edges: toFlowEdges(graph),
          settings: graph.settings,
        })),
      showPanel: (panel) => commit("showPanel", () => ({ panel })),
      toggleSettings: () =>
        commit("toggleSettings", (s) =>
          s.panel === "settings"
            ? { panel: "inspector" }
            : {
                panel: "settings",
                nodes: withSelection(s.nodes, null),
                edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
              },
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

// Every derived field, named once: a field added to CanvasDerived does not compile until it is
// listed here, so a cached derivation can never drop one.
const DERIVED_FIELDS: Record<keyof CanvasDerived, true> = {
  graph: true,
  graphKey: true,
  selectedNode: true,
  templatesById: true,
  issues: true,
  issuesByNode: true,
  journeyIssues: true,
  nodeLabels: true,
  stepNodes: true,
  entryKey: true,
};

function pickDerived(state: CanvasDerived): CanvasDerived {
  const fields = Object.keys(DERIVED_FIELDS) as (keyof CanvasDerived)[];
  return Object.fromEntries(fields.map((field) => [field, state[field]])) as unknown as CanvasDerived;
}
