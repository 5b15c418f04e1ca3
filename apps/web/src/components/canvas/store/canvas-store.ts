// The canvas store: one zustand store per editor instance holding the drawing (React Flow
// nodes and edges, journey settings), the side-panel choice, what the page supplies
// (templates, segments, a rejected publish) and everything derived from them. Components
// read it through `useCanvasStore(selector)` and change it only through the named actions
// here, which all pass through `commit`.
import { applyEdgeChanges, applyNodeChanges, type NodeChange } from "@xyflow/react";
import { createStore } from "zustand/vanilla";
import { DEFAULT_JOURNEY_SETTINGS, type JourneyGraph } from "@mailstream/journey/schema";
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
  Position,
  PublishRejection,
} from "./canvas-state";
import type { CanvasIssue } from "./issue-text";
import { pasteSteps, selectedSteps, type ClipboardSteps } from "./canvas-clipboard";
import {
  changedFields,
  EMPTY_HISTORY,
  recordEdit,
  redoStep,
  sealBurst,
  undoStep,
  type CanvasHistory,
  type CanvasSnapshot,
  type EditKind,
} from "./canvas-history";
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
import { placeClear } from "./placement";

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

  const selected = doc.nodes.filter((n) => n.selected);
  const selectedId = selected.length === 1 ? (selected[0]?.id ?? null) : null;
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
  const selectionCount = selected.length;
  if (prev && isIssuesFresh) {
    return { ...pickDerived(prev), graph, graphKey: key, selectedNode, selectionCount, templatesById, panel };
  }

  const issues = isReadOnly ? NO_ISSUES : collectIssues(graph, doc.templates, doc.segments, rejected);
  const nodeLabels = labelNodes(graph, templatesById);
  return {
    graph,
    graphKey: key,
    selectedNode,
    selectionCount,
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
  return createStore<CanvasState>()((set, get) => {
    /**
     * THE one place every state change passes: each action names itself and returns the
     * document fields it changes; derived fields are recomputed here, and an edit that
     * changes the graph (or settings) is recorded for undo — as a step of its own, or folded
     * into the running burst of the same `edit` key. Selection, measurement and panel
     * changes leave the graph as it was and so stay out of the history.
     */
    const commit = (
      action: CanvasActionName,
      recipe: (state: CanvasState) => Partial<CanvasDocument>,
      edit: EditKind = ONE_STEP,
      sealAfter = false,
    ) => {
      set((state) => {
        const doc: CanvasDocument = { ...documentOf(state), ...recipe(state) };
        const derived = derive(doc, state, isReadOnly);
        let history = state.history;
        if (action === "resetGraph") history = EMPTY_HISTORY;
        else if (derived.graphKey !== state.graphKey)
          history = recordEdit(history, snapshotOf(state), edit, Date.now());
        if (sealAfter) history = sealBurst(history);
        return { ...doc, ...derived, history };
      });
    };

    /** Puts a snapshot back (undo, redo) without recording it as an edit. */
    const restore = (step: (history: CanvasHistory, current: CanvasSnapshot) => ReturnType<typeof undoStep>) => {
      set((state) => {
        const result = step(state.history, snapshotOf(state));
        if (!result) return state;
        const doc: CanvasDocument = { ...documentOf(state), ...result.snapshot };
        return { ...doc, ...derive(doc, state, isReadOnly), history: result.history };
      });
    };

    const paste = (action: CanvasActionName, steps: ClipboardSteps | null, at?: Position): string[] => {
      let pastedIds: string[] = [];
      commit(action, (s) => {
        const result = steps ? pasteSteps(s.nodes, s.edges, steps, at) : null;
        if (!result) return {};
        pastedIds = result.pastedIds;
        return { nodes: result.nodes, edges: result.edges };
      });
      return pastedIds;
    };

    const actions: CanvasActions = {
      applyNodeChanges: (changes) => {
        const { history } = get();
        const move = moveEditOf(changes, history);
        commit("applyNodeChanges", (s) => ({ nodes: applyNodeChanges(changes, s.nodes) }), move.edit, move.isDragEnd);
      },
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
        commit("addNodeAt", (s) => ({
          nodes: [...withSelection(s.nodes, null), { ...placeClear(node, s.nodes), selected: true }],
        }));
        return node.id;
      },
      addNodeAfterSelection: (kind, emptyCanvasPosition, outlet) => {
        const node = { ...createFlowNode(kind, emptyCanvasPosition), selected: true };
        commit("addNodeAfterSelection", (s) => {
          const selected = s.nodes.filter((n) => n.selected);
          const after = selected.length === 1 ? selected[0] : findLowestNode(s.nodes);
          const next = after ? appendNode(s.nodes, s.edges, after.id, node, outlet) : null;
          if (!next) return { nodes: [...withSelection(s.nodes, null), placeClear(node, s.nodes)] };
          return {
            nodes: [...withSelection(next.nodes.slice(0, -1), null), ...next.nodes.slice(-1)],
            edges: next.edges,
          };
        });
        return node.id;
      },
      updateNodeData: (id, data) => {
        const before = get().nodes.find((n) => n.id === id)?.data;
        const fields = before ? changedFields(before, data).join(",") : "";
        commit(
          "updateNodeData",
          (s) => {
            const kept = dropOrphanOutletEdges(s.edges, id, data);
            return {
              nodes: s.nodes.map((n) => (n.id === id ? { ...n, type: data.kind, data } : n)),
              edges: kept.length === s.edges.length ? s.edges : kept,
            };
          },
          { key: `data:${id}:${fields}` },
        );
      },
      removeNode: (id) => commit("removeNode", (s) => withoutElements(s, [id], [])),
      updateSettings: (settings) => {
        const before = get().settings ?? DEFAULT_JOURNEY_SETTINGS;
        commit("updateSettings", () => ({ settings }), {
          key: `settings:${changedFields(before, settings).join(",")}`,
        });
      },
      undo: () => restore(undoStep),
      redo: () => restore(redoStep),
      sealHistory: () => set((s) => (s.history.burst === null ? s : { history: sealBurst(s.history) })),
      pasteSteps: (steps, at) => paste("pasteSteps", steps, at),
      duplicateSelection: () => {
        const { nodes, edges } = get();
        return paste("duplicateSelection", selectedSteps(nodes, edges));
      },
      applyLayout: ({ positions, routes }) =>
        commit("applyLayout", (s) => ({
          nodes: s.nodes.map((n) => {
            const position = positions.get(n.id);
            return position ? { ...n, position } : n;
          }),
          edges: s.edges.map((e) => {
            const route = routes?.get(e.id);
            return route ? { ...e, data: { ...e.data, route } } : e;
          }),
        })),
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
    return { ...doc, ...derive(doc, undefined, isReadOnly), history: EMPTY_HISTORY, actions };
  });
}

const ONE_STEP: EditKind = { key: null };

/**
 * How a batch of React Flow node changes counts for undo: a drag is one sticky burst from the
 * first frame to the drop (which seals it); arrow-key nudges of the same nodes fold together
 * like typing. Other changes (select, measure) do not touch the graph and are never recorded.
 */
function moveEditOf(
  changes: readonly NodeChange<JourneyFlowNode>[],
  history: CanvasHistory,
): { edit: EditKind; isDragEnd: boolean } {
  const moves = changes.filter((c) => c.type === "position");
  if (moves.some((c) => c.dragging === true)) return { edit: { key: "drag", sticky: true }, isDragEnd: false };
  if (moves.length > 0 && history.burst?.key === "drag")
    return { edit: { key: "drag", sticky: true }, isDragEnd: true };
  const ids = moves.map((c) => c.id).sort();
  return { edit: ids.length > 0 ? { key: `nudge:${ids.join(",")}` } : ONE_STEP, isDragEnd: false };
}

function snapshotOf(state: CanvasDocument): CanvasSnapshot {
  return { nodes: state.nodes, edges: state.edges, settings: state.settings };
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
  selectionCount: true,
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
