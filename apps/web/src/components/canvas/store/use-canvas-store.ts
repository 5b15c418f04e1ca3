"use client";
// The canvas store's selector hooks, after @xyflow/react's own `useStore`. They know the
// store only by type: the kind forms use these hooks, and the store imports the kinds
// registry (for issues and summaries), so a runtime import of the store here would close
// an import cycle through every form.
import { createContext, useContext } from "react";
import { useStore } from "zustand";
import type { CanvasActions, CanvasState, CanvasStore } from "./canvas-state";

export const CanvasStoreContext = createContext<CanvasStore | null>(null);

/** The store itself, for reading state inside callbacks without subscribing to it. */
export function useCanvasStoreApi(): CanvasStore {
  const store = useContext(CanvasStoreContext);
  if (!store) throw new Error("useCanvasStore must be used inside <CanvasStoreProvider>");
  return store;
}

/** Subscribes to a slice of the canvas state; re-renders only when the slice changes (Object.is). */
export function useCanvasStore<T>(selector: (state: CanvasState) => T): T {
  return useStore(useCanvasStoreApi(), selector);
}

/** The named actions: the only way to change the canvas state. A stable object. */
export function useCanvasActions(): CanvasActions {
  return useCanvasStore((state) => state.actions);
}
