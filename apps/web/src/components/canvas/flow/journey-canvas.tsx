"use client";
// The React Flow pane: renders the journey, accepts kinds dropped from the palette, and
// carries the viewport furniture (dotted background, zoom controls, minimap).
import type { DragEvent } from "react";
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Node,
} from "@xyflow/react";
import type { NodeKind } from "@mailstream/journey/schema";
import type { Position } from "@/components/canvas/store/flow-adapter";
import { nodeTypes } from "@/components/canvas/nodes/node-types";
import { getKindInfo, isNodeKind } from "@/components/canvas/nodes/node-kinds";
import { NODE_KIND_MIME } from "@/components/canvas/palette/palette";
import type { JourneyFlow } from "@/components/canvas/store/use-journey-flow";

/** Rough size of a node card, to centre a dropped node under the cursor. */
export const NODE_SIZE = { width: 240, height: 64 };

const DELETE_KEYS = ["Delete", "Backspace"];
export const FIT_VIEW_OPTIONS = { padding: 0.3, maxZoom: 1 };
const MINIMAP_STYLE = { width: 160, height: 110 };

interface JourneyCanvasProps {
  flowProps: JourneyFlow["flowProps"];
  onDropKind: (kind: NodeKind, position: Position) => void;
}

function miniMapColor(node: Node): string {
  return isNodeKind(node.type) ? getKindInfo(node.type).color : "#94a3b8";
}

export function JourneyCanvas({ flowProps, onDropKind }: JourneyCanvasProps) {
  const { screenToFlowPosition } = useReactFlow();

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_KIND_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  };

  const onDrop = (event: DragEvent) => {
    const kind = event.dataTransfer.getData(NODE_KIND_MIME);
    if (!isNodeKind(kind)) return;
    event.preventDefault();
    const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    onDropKind(kind, { x: point.x - NODE_SIZE.width / 2, y: point.y - NODE_SIZE.height / 2 });
  };

  return (
    <div className="jc-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow
        {...flowProps}
        nodeTypes={nodeTypes}
        deleteKeyCode={DELETE_KEYS}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        snapToGrid
        snapGrid={[10, 10]}
        minZoom={0.25}
        maxZoom={2}
        connectionRadius={32}
        aria-label="Journey canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.6} color="#b4bccb" />
        <Controls position="bottom-left" showInteractive={false} />
        <MiniMap
          position="bottom-right"
          pannable
          zoomable
          nodeColor={miniMapColor}
          nodeBorderRadius={6}
          style={MINIMAP_STYLE}
        />
      </ReactFlow>
    </div>
  );
}
