"use client";
// Binds the canvas store to React: a provider creating one store per editor (or metrics
// view) instance, and selector hooks over it, after @xyflow/react's own `useStore`.
import { createContext, useContext, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import { createCanvasStore, type CanvasActions, type CanvasState, type CanvasStore, type CanvasStoreOptions } from "./canvas-store";

const CanvasStoreContext = createContext<CanvasStore | null>(null);

/** Creates the store once from `options`; later changes to `options` are ignored (use the actions). */
export function CanvasStoreProvider({ children, ...options }: CanvasStoreOptions & { children: ReactNode }) {
  const [store] = useState(() => createCanvasStore(options));
  return <CanvasStoreContext.Provider value={store}>{children}</CanvasStoreContext.Provider>;
}

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
