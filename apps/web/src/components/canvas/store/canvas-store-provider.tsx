"use client";
// Creates one canvas store per editor (or metrics view) instance and hands it to the
// selector hooks of use-canvas-store.ts.
import { useState, type ReactNode } from "react";
import { createCanvasStore } from "./canvas-store";
import type { CanvasStoreOptions } from "./canvas-state";
import { CanvasStoreContext } from "./use-canvas-store";

/** Creates the store once from `options`; later changes to `options` are ignored (use the actions). */
export function CanvasStoreProvider({ children, ...options }: CanvasStoreOptions & { children: ReactNode }) {
  const [store] = useState(() => createCanvasStore(options));
  return <CanvasStoreContext.Provider value={store}>{children}</CanvasStoreContext.Provider>;
}
