"use client";
// Whether the editor may change the drawing: an archived journey is shown read-only (it can
// never be published again). The palette, the canvas and the side panel read this; the
// drawing itself stays in the canvas store.
import { createContext, useContext } from "react";

export const CanvasReadOnlyContext = createContext(false);

export function useIsCanvasReadOnly(): boolean {
  return useContext(CanvasReadOnlyContext);
}
