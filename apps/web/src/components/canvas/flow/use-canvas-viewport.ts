"use client";
// Viewport moves that follow an edit: centring a node picked from the Problems list, and
// adding a palette kind where it can be seen (after asking which outlet, when there is a
// choice). Uses React Flow's own store for the pane's box.
import { useCallback } from "react";
import { useReactFlow, useStoreApi } from "@xyflow/react";
import type { NodeKind } from "@mailstream/journey/schema";
import type { Outlet } from "@/components/canvas/kinds/canvas-kind";
import { getCanvasKind } from "@/components/canvas/kinds/registry";
import { freeOutlets } from "@/components/canvas/store/flow-adapter";
import { useCanvasActions, useCanvasStoreApi } from "@/components/canvas/store/use-canvas-store";
import { FIT_VIEW_OPTIONS, MINIMAP_CORNER, NODE_SIZE } from "./canvas-view";

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

/**
 * The free outlets click-to-add should ask about before adding `kind`: those of the one
 * selected step when it has several (Yes / No, A / B…); empty when there is nothing to ask.
 */
export function useOutletQuestion(): (kind: NodeKind) => Outlet[] {
  const store = useCanvasStoreApi();
  return useCallback(
    (kind: NodeKind) => {
      const { nodes, edges } = store.getState();
      const selected = nodes.filter((n) => n.selected);
      if (selected.length !== 1 || !getCanvasKind(kind).hasTarget) return [];
      const free = freeOutlets(nodes, edges, (selected[0] as (typeof selected)[number]).id);
      return free.length > 1 ? free : [];
    },
    [store],
  );
}

/**
 * Click-to-add from the palette (from `outlet` of the selected step when given), then fits the
 * view if the new node ran off screen or landed under the minimap. Kinds nothing may lead into
 * (trigger, note) are set beside the selection unwired: `appendNode` wires only a kind with an inlet.
 */
export function useAddFromPalette(): (kind: NodeKind, outlet?: string | null) => void {
  const reactFlow = useReactFlow();
  const flowStore = useStoreApi();
  const { addNodeAfterSelection } = useCanvasActions();
  return useCallback(
    (kind: NodeKind, outlet?: string | null) => {
      const rect = flowStore.getState().domNode?.getBoundingClientRect();
      // On an empty canvas the first node goes a third of the way down the visible pane.
      const point = rect
        ? reactFlow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 3 })
        : { x: NODE_SIZE.width / 2, y: NODE_SIZE.height / 2 };
      const id = addNodeAfterSelection(
        kind,
        { x: point.x - NODE_SIZE.width / 2, y: point.y - NODE_SIZE.height / 2 },
        outlet,
      );
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
        const isUnderMinimap =
          bottomRight.x > pane.right - MINIMAP_CORNER.width && bottomRight.y > pane.bottom - MINIMAP_CORNER.height;
        const isInView =
          topLeft.x >= pane.left &&
          topLeft.y >= pane.top &&
          bottomRight.x <= pane.right &&
          bottomRight.y <= pane.bottom &&
          !isUnderMinimap;
        if (!isInView) void reactFlow.fitView({ ...FIT_VIEW_OPTIONS, duration: 250 });
      });
    },
    [reactFlow, flowStore, addNodeAfterSelection],
  );
}
