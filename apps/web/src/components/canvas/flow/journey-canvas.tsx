"use client";
// The React Flow pane: renders the store's nodes and edges, feeds React Flow's edits back
// through the store's actions, accepts kinds dropped from the palette, and carries the
// viewport furniture (dotted background, zoom controls, minimap).
import { useCallback, useMemo, type DragEvent } from "react";
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useReactFlow,
  type Connection,
  type Edge,
  type Node,
} from "@xyflow/react";
import { addRefusal, getCanvasKind, isNodeKind } from "@/components/canvas/kinds/registry";
import { nodeTypes } from "@/components/canvas/nodes/node-types";
import { NODE_KIND_MIME } from "@/components/canvas/palette/palette";
import { useIsCanvasReadOnly } from "@/components/canvas/read-only";
import { canConnect } from "@/components/canvas/store/flow-adapter";
import { useCanvasActions, useCanvasStore, useCanvasStoreApi } from "@/components/canvas/store/use-canvas-store";
import { FIT_VIEW_OPTIONS, MINIMAP_SIZE, NODE_SIZE } from "./canvas-view";
import { EditTools } from "./edit-tools";
import { editorEdgeTypes } from "./routed-edge";
import { ViewTools } from "./view-tools";
import { highlightPath } from "@/components/canvas/test-run/highlight-path";
import jc from "@/components/canvas/journey-editor.module.css";

const DELETE_KEYS = ["Delete", "Backspace"];
// Dragging the empty canvas pans it, as in Customer.io and Braze; Shift+drag draws a
// selection box (touching a step is enough) and Shift/Cmd/Ctrl+click adds a step to the selection.
const BOX_SELECT_KEY = "Shift";
const ADD_TO_SELECTION_KEYS = ["Shift", "Meta", "Control"];

function miniMapColor(node: Node): string {
  return isNodeKind(node.type) ? getCanvasKind(node.type).color : "#94a3b8";
}

/** `journeyName` names exported pictures. */
/** `path`: the nodes a test run went through, lit up (the rest dimmed); null draws the canvas as is. */
export function JourneyCanvas({
  journeyName,
  path = null,
}: {
  journeyName: string;
  path?: ReadonlySet<string> | null;
}) {
  const { screenToFlowPosition } = useReactFlow();
  const isReadOnly = useIsCanvasReadOnly();
  const drawnNodes = useCanvasStore((s) => s.nodes);
  const drawnEdges = useCanvasStore((s) => s.edges);
  const { nodes, edges } = useMemo(() => highlightPath(drawnNodes, drawnEdges, path), [drawnNodes, drawnEdges, path]);
  const store = useCanvasStoreApi();
  const actions = useCanvasActions();
  // Reads the latest drawing at call time, so React Flow gets one stable function.
  const isValidConnection = useCallback(
    (connection: Connection | Edge) => {
      const { nodes: current, edges: currentEdges } = store.getState();
      return canConnect(current, currentEdges, connection);
    },
    [store],
  );

  // Keyboard deletes go through the store as one action; React Flow is told to do nothing itself.
  const onBeforeDelete = useCallback(
    async ({ nodes: deleted, edges: deletedEdges }: { nodes: Node[]; edges: Edge[] }) => {
      actions.deleteElements(
        deleted.map((n) => n.id),
        deletedEdges.map((e) => e.id),
      );
      return false;
    },
    [actions],
  );

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_KIND_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  };

  const onDrop = (event: DragEvent) => {
    const kind = event.dataTransfer.getData(NODE_KIND_MIME);
    // The palette disables what cannot be added, but a drag can come from another tab's palette.
    if (!isNodeKind(kind) || isReadOnly || addRefusal(kind, store.getState().nodes)) return;
    event.preventDefault();
    const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    actions.addNodeAt(kind, { x: point.x - NODE_SIZE.width / 2, y: point.y - NODE_SIZE.height / 2 });
  };

  return (
    <div
      className={jc.canvas}
      onDragOver={onDragOver}
      onDrop={onDrop}
      // Shift+drag draws a selection box; without this the browser would also extend a text
      // selection across the page from wherever the caret last was.
      onMouseDownCapture={(event) => {
        if (event.shiftKey) event.preventDefault();
      }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={actions.applyNodeChanges}
        onEdgesChange={actions.applyEdgeChanges}
        onConnect={actions.connect}
        onBeforeDelete={onBeforeDelete}
        isValidConnection={isValidConnection}
        nodeTypes={nodeTypes}
        edgeTypes={editorEdgeTypes}
        deleteKeyCode={isReadOnly ? null : DELETE_KEYS}
        nodesDraggable={!isReadOnly}
        nodesConnectable={!isReadOnly}
        selectionKeyCode={BOX_SELECT_KEY}
        multiSelectionKeyCode={ADD_TO_SELECTION_KEYS}
        selectionMode={SelectionMode.Partial}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        snapToGrid
        snapGrid={[10, 10]}
        minZoom={0.25}
        maxZoom={2}
        connectionRadius={32}
        aria-label="Journey canvas"
      >
        <EditTools />
        <ViewTools journeyName={journeyName} />
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.6} color="#b4bccb" />
        <Controls position="bottom-left" showInteractive={false} />
        <MiniMap
          position="bottom-right"
          pannable
          zoomable
          nodeColor={miniMapColor}
          nodeBorderRadius={6}
          // MiniMap sizes its SVG from `style.width/height`: an API prop, not styling.
          style={MINIMAP_SIZE}
        />
      </ReactFlow>
    </div>
  );
}
