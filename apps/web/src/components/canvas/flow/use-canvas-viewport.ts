"use client";
// Viewport moves that follow an edit: centring a node picked from the Problems list, and
// adding a palette kind where it can be seen. Uses React Flow's own store for the pane's box.
import { useCallback } from "react";
import { useReactFlow, useStoreApi } from "@xyflow/react";
import type { NodeKind } from "@mailstream/journey/schema";
import { getCanvasKind } from "@/components/canvas/kinds/registry";
import { useCanvasActions } from "@/components/canvas/store/use-canvas-store";
import { FIT_VIEW_OPTIONS, NODE_SIZE } from "./canvas-view";

/** Selects a node and pans the canvas to centre it. */
export function useRevealNode(): (nodeId: string) => void {
  const reactFlow = useReactFlow();
  const { selectNode } = useCanvasActions();
  return useCallback(
    (nodeId: string) => {
      selectNode(nodeId);
      const node = reactFlow.getNode(nodeId);
      if (!node) return;
      const width = node.measured?.width ?? NODE_SIZE.width;
      const height = node.measured?.height ?? NODE_SIZE.height;
      void reactFlow.setCenter(node.position.x + width / 2, node.position.y + height / 2, {
        zoom: Math.max(reactFlow.getZoom(), 0.8),
        duration: 250,
      });
    },
    [reactFlow, selectNode],
  );
}

/** Click-to-add from the palette, then pans to the new node if a long chain ran off screen. */
export function useAddFromPalette(): (kind: NodeKind) => void {
  const reactFlow = useReactFlow();
  const flowStore = useStoreApi();
  const { addNodeAfterSelection, addNodeAt } = useCanvasActions();
  return useCallback(
    (kind: NodeKind) => {
      const rect = flowStore.getState().domNode?.getBoundingClientRect();
      // On an empty canvas the first node goes a third of the way down the visible pane.
      const point = rect
        ? reactFlow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 3 })
        : { x: NODE_SIZE.width / 2, y: NODE_SIZE.height / 2 };
      const position = { x: point.x - NODE_SIZE.width / 2, y: point.y - NODE_SIZE.height / 2 };
      // Nothing may lead into a trigger or a note: wiring one after the selection would draw an
      // edge to a handle that does not exist (invisible on the canvas), so they go in unwired.
      const id = getCanvasKind(kind).hasTarget ? addNodeAfterSelection(kind, position) : addNodeAt(kind, position);
      // The node exists after React commits; check its box then.
      requestAnimationFrame(() => {
        const node = reactFlow.getNode(id);
        const pane = flowStore.getState().domNode?.getBoundingClientRect();
        if (!node || !pane) return;
        const topLeft = reactFlow.flowToScreenPosition(node.position);
        const bottomRight = reactFlow.flowToScreenPosition({
          x: node.position.x + (node.measured?.width ?? NODE_SIZE.width),
          y: node.position.y + (node.measured?.height ?? NODE_SIZE.height),
        });
        const isInView =
          topLeft.x >= pane.left &&
          topLeft.y >= pane.top &&
          bottomRight.x <= pane.right &&
          bottomRight.y <= pane.bottom;
        if (!isInView) void reactFlow.fitView({ ...FIT_VIEW_OPTIONS, duration: 250 });
      });
    },
    [reactFlow, flowStore, addNodeAfterSelection, addNodeAt],
  );
}
