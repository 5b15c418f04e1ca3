"use client";
// The one adapter between a journey graph and React Flow state. The canvas spreads
// `flowProps` onto <ReactFlow>; everything else in the editor speaks journey terms
// (graph, node ids, NodeData) through the methods returned here.
import { useCallback, useMemo, useState } from "react";
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type Edge,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
} from "@xyflow/react";
import type { JourneyGraph, JourneyNode, NodeData, NodeKind } from "@mailstream/journey/schema";
import {
  appendNode,
  canConnect,
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

export interface JourneyFlow {
  /** Spread onto <ReactFlow>. */
  flowProps: {
    nodes: JourneyFlowNode[];
    edges: JourneyFlowEdge[];
    onNodesChange: (changes: NodeChange<JourneyFlowNode>[]) => void;
    onEdgesChange: (changes: EdgeChange<JourneyFlowEdge>[]) => void;
    onConnect: (connection: Connection) => void;
    isValidConnection: IsValidConnection<JourneyFlowEdge>;
    onNodesDelete: (deleted: JourneyFlowNode[]) => void;
  };
  /** The current drawing as a journey graph; a new object only when the graph changed. */
  graph: JourneyGraph;
  selectedNode: JourneyNode | null;
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
  /** Replaces the drawing, e.g. after loading a journey. */
  resetGraph(graph: JourneyGraph): void;
}

function withSelection(nodes: JourneyFlowNode[], selectedId: string | null): JourneyFlowNode[] {
  return nodes.map((n) => {
    const selected = n.id === selectedId;
    return n.selected === selected ? n : { ...n, selected };
  });
}

export function useJourneyFlow(initialGraph: JourneyGraph): JourneyFlow {
  const [nodes, setNodes] = useState(() => toFlowNodes(initialGraph));
  const [edges, setEdges] = useState(() => toFlowEdges(initialGraph));

  const onNodesChange = useCallback(
    (changes: NodeChange<JourneyFlowNode>[]) => setNodes((current) => applyNodeChanges(changes, current)),
    [],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<JourneyFlowEdge>[]) => setEdges((current) => applyEdgeChanges(changes, current)),
    [],
  );
  const onConnect = useCallback((connection: Connection) => {
    setEdges((current) => connectOutlet(current, connection));
  }, []);
  const isValidConnection = useCallback<IsValidConnection<JourneyFlowEdge>>(
    (connection: Connection | Edge) => canConnect(nodes, edges, connection),
    [nodes, edges],
  );

  // React Flow rewrites `nodes` on every drag frame, measurement and selection change;
  // keying on the serialised graph keeps validation and dirty checks to real edits.
  const key = graphKey(toJourneyGraph(nodes, edges));
  const graph = useMemo(() => JSON.parse(key) as JourneyGraph, [key]);

  const selectedFlowNode = nodes.find((n) => n.selected) ?? null;
  const selectedNode = useMemo(
    () => (selectedFlowNode ? (graph.nodes.find((n) => n.id === selectedFlowNode.id) ?? null) : null),
    [graph, selectedFlowNode],
  );

  const selectNode = useCallback((id: string | null) => {
    setNodes((current) => withSelection(current, id));
    // Selecting a node from outside the canvas should not leave an edge highlighted.
    setEdges((current) => current.map((e) => (e.selected ? { ...e, selected: false } : e)));
  }, []);

  const addNodeAt = useCallback((kind: NodeKind, position: Position) => {
    const node = createFlowNode(kind, position);
    setNodes((current) => [...withSelection(current, null), { ...node, selected: true }]);
    return node.id;
  }, []);

  const addNodeAfterSelection = useCallback(
    (kind: NodeKind, emptyCanvasPosition: Position) => {
      const after = nodes.find((n) => n.selected) ?? findLowestNode(nodes);
      const node = { ...createFlowNode(kind, emptyCanvasPosition), selected: true };
      const next = after ? appendNode(nodes, edges, after.id, node) : null;
      if (next) {
        setNodes([...withSelection(next.nodes.slice(0, -1), null), ...next.nodes.slice(-1)]);
        setEdges(next.edges);
      } else {
        setNodes([...withSelection(nodes, null), node]);
      }
      return node.id;
    },
    [nodes, edges],
  );

  const updateNodeData = useCallback((id: string, data: NodeData) => {
    setNodes((current) => current.map((n) => (n.id === id ? { ...n, type: data.kind, data } : n)));
    setEdges((current) => {
      const kept = dropOrphanOutletEdges(current, id, data);
      return kept.length === current.length ? current : kept;
    });
  }, []);

  const removeNode = useCallback((id: string) => {
    setNodes((current) => current.filter((n) => n.id !== id));
    setEdges((current) => removeNodesAndBridge(current, new Set([id])));
  }, []);

  // Keyboard deletes arrive as separate node and edge removals; `edges` here is still the
  // list from before them, so the bridges can be worked out and added afterwards.
  const onNodesDelete = useCallback(
    (deleted: JourneyFlowNode[]) => {
      const removed = new Set(deleted.map((n) => n.id));
      const bridges = removeNodesAndBridge(edges, removed).filter((e) => !edges.some((old) => old.id === e.id));
      if (bridges.length === 0) return;
      setEdges((current) => bridges.reduce((acc, bridge) => connectOutlet(acc, bridge), current));
    },
    [edges],
  );

  const resetGraph = useCallback((next: JourneyGraph) => {
    setNodes(toFlowNodes(next));
    setEdges(toFlowEdges(next));
  }, []);

  return {
    flowProps: { nodes, edges, onNodesChange, onEdgesChange, onConnect, isValidConnection, onNodesDelete },
    graph,
    selectedNode,
    selectNode,
    addNodeAt,
    addNodeAfterSelection,
    updateNodeData,
    removeNode,
    resetGraph,
  };
}
